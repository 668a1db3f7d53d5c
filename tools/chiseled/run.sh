#!/usr/bin/env bash
# Runs the published kernel the way the chiseled image and the Deployment run it, without a container engine:
# bubblewrap builds a read-only root that holds only what runtime-deps:10.0-noble-chiseled plus
# Dockerfile.chiseled put there, and nothing else (no shell, no package manager, no /bin at all):
#   /app/nexus-kernel, /app/libwasmtime.so
#   the shared libraries they link (ldd) plus libssl.so.3/libcrypto.so.3, which .NET dlopens at run time
#   /etc/passwd and /etc/group with the chiseled `app` user, uid/gid 1654; CA bundle; hosts/resolv.conf (kubelet)
# Writable: only tmpfs mounts where the Deployment mounts an emptyDir (/tmp and the CACHE_DIR volume).
# The process runs as uid/gid 1654 with no capabilities, in fresh namespaces except the network (loopback tests).
# When started as root it first drops to uid 1654 on the host too (setpriv), so it is non-root on both sides.
#
# Usage: tools/chiseled/run.sh <publish-dir> <env-file> [args for nexus-kernel...]
#   env-file: KEY=VALUE lines; the sandbox gets exactly these variables (like envFrom + env in the pod).
# The kernel is the sandbox's PID 1 (--as-pid-1), as with an exec-form ENTRYPOINT; signal it directly.
set -euo pipefail

publish_dir=${1:?usage: run.sh <publish-dir> <env-file> [args...]}
env_file=${2:?usage: run.sh <publish-dir> <env-file> [args...]}
shift 2
app_uid=1654
cache_dir=/var/cache/nexus   # the base Deployment's module-cache emptyDir

for f in nexus-kernel libwasmtime.so; do
  [ -f "$publish_dir/$f" ] || { echo "run.sh: $publish_dir/$f missing (publish the kernel first)" >&2; exit 2; }
done
command -v bwrap >/dev/null || { echo "run.sh: bwrap missing (tools/bootstrap.sh installs bubblewrap)" >&2; exit 2; }

# The sandbox user must be able to read what it binds, but a checkout may sit below a private directory (e.g.
# /root on CI). Stage the image's files in a world-traversable directory; each file is replaced by mv, so a
# sandbox already running keeps the inode it bound.
stage=${TMPDIR:-/tmp}/nexus-chiseled-stage
mkdir -p "$stage"
# A fixed name in a shared directory: refuse one that someone else made (or a symlink to elsewhere).
if [ -L "$stage" ] || [ ! -O "$stage" ]; then echo "run.sh: $stage is not a directory owned by $(id -un)" >&2; exit 2; fi
chmod 0755 "$stage"
stage_file() {  # <source> <name> <mode>
  if ! cmp -s "$1" "$stage/$2"; then
    cp "$1" "$stage/$2.$$" && chmod "$3" "$stage/$2.$$" && mv -f "$stage/$2.$$" "$stage/$2"
  fi
}
stage_file "$publish_dir/nexus-kernel" nexus-kernel 0755
stage_file "$publish_dir/libwasmtime.so" libwasmtime.so 0644

args=(--unshare-all --share-net --new-session --die-with-parent --as-pid-1
      --uid "$app_uid" --gid "$app_uid" --cap-drop ALL --clearenv
      --dir /usr/lib --symlink usr/lib /lib --dir /usr/lib64 --symlink usr/lib64 /lib64
      --proc /proc --dev /dev
      --ro-bind "$stage/nexus-kernel" /app/nexus-kernel
      --ro-bind "$stage/libwasmtime.so" /app/libwasmtime.so
      --chdir /app)

# Libraries: every object ldd resolves, placed at its merged-/usr path, plus the dlopen'd OpenSSL pair.
declare -A placed=()
place_library() {  # <path as the loader names it> [destination]
  local source dest
  source=$(readlink -f "$1")
  dest=${2:-/usr${1#/usr}}
  [ -n "${placed[$dest]:-}" ] && return 0
  placed[$dest]=1
  args+=(--ro-bind "$source" "$dest")
}
libs_of() {  # prints the resolved library paths of one ELF file, the loader included
  ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}
openssl_libs=()
for soname in libssl.so.3 libcrypto.so.3; do
  path=$(ldconfig -p | awk -v n="$soname" '$1 == n && $NF ~ /^\// { print $NF; exit }')
  [ -n "$path" ] || { echo "run.sh: $soname not found on this host (apt-get install libssl3)" >&2; exit 2; }
  openssl_libs+=("$path")
done
while read -r lib; do
  place_library "$lib"
done < <(for elf in "$publish_dir/nexus-kernel" "$publish_dir/libwasmtime.so" "${openssl_libs[@]}"; do libs_of "$elf"; done | sort -u)
for lib in "${openssl_libs[@]}"; do place_library "$lib"; done

# /etc as the chiseled base ships it (base-files + ca-certificates), plus what the kubelet mounts.
# Staged like the binaries: no temp dir to clean up, so this script can exec bwrap.
printf 'root:x:0:0:root:/root:/noshell\napp:x:%s:%s::/home/app:/noshell\n' "$app_uid" "$app_uid" > "$stage/passwd.src.$$"
printf 'root:x:0:\napp:x:%s:\n' "$app_uid" > "$stage/group.src.$$"
stage_file "$stage/passwd.src.$$" passwd 0644
stage_file "$stage/group.src.$$" group 0644
rm -f "$stage/passwd.src.$$" "$stage/group.src.$$"
args+=(--ro-bind "$stage/passwd" /etc/passwd --ro-bind "$stage/group" /etc/group)
for f in /etc/ssl/certs/ca-certificates.crt /etc/hosts /etc/resolv.conf; do
  [ -f "$f" ] && args+=(--ro-bind "$f" "$f")
done

# The emptyDir volumes, then the root turns read-only (readOnlyRootFilesystem: true).
args+=(--perms 1777 --tmpfs /tmp --perms 0755 --dir /var/cache --perms 1777 --tmpfs "$cache_dir" --remount-ro /)

while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in ''|'#'*) continue ;; esac
  args+=(--setenv "${line%%=*}" "${line#*=}")
done < "$env_file"

drop_to_app_user=()
if [ "$(id -u)" -eq 0 ]; then
  drop_to_app_user=(setpriv --reuid="$app_uid" --regid="$app_uid" --clear-groups --inh-caps=-all --)
fi
# exec: bwrap becomes the caller's child, so --die-with-parent ends the sandbox when the caller (a test) dies.
# Signals go to the kernel directly: it is bwrap's child on the host and PID 1 inside.
exec "${drop_to_app_user[@]}" bwrap "${args[@]}" /app/nexus-kernel "$@"
