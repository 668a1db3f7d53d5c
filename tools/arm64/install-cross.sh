#!/usr/bin/env bash
# Installs what cross-building the kernel for linux-arm64 and running it under emulation needs, each only when
# missing (a second run costs nothing): the arm64 dpkg architecture, clang/lld/llvm, the GNU aarch64 cross
# toolchain and sysroot, qemu-user, and arm64 libssl3 (the AOT binary dlopens libssl for the WebSocket handshake;
# qemu-aarch64 finds it through the multiarch path, no -L needed). Debian 12; as root.
set -euo pipefail

packages=(clang lld llvm gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user libssl3:arm64)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "arm64: missing ${missing[*]}; run as root" >&2
  exit 1
fi
echo "arm64: apt-get install ${missing[*]}"
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
