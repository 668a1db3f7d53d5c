#!/usr/bin/env bash
# The proof run: one command, bounded in time, one table (bench/README.md).
#
#   bench/run.sh                    full run (about 4-5 minutes of measuring on 2 cores; a 15-minute budget)
#   bench/run.sh --quick            smoke check of every step (about 3 minutes in all with incremental builds)
#   bench/run.sh --soak [SECONDS]   the soak run against the AOT binary (default 600 s)
#
# Other arguments go to the driver (bench/Nexus.LoadBench): --targets aot,jit,node, --no-micro, --baseline PATH,
# --out FILE. stdout carries only the table (also written to artifacts/bench/proof-{quick,full}.md); progress and
# build output go to stderr. It installs what is missing (wrk, the baseline's node_modules, redis-server through
# tools/bootstrap.sh), publishes the kernel twice (Native AOT into artifacts/aot, JIT into artifacts/jit), then runs
# the driver, which talks only to 127.0.0.1 and kills every process it started. A trap kills, by recorded pid,
# anything a killed driver left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=proof
driver_args=()
soak_seconds=600
while [ $# -gt 0 ]; do
  case "$1" in
    --soak)
      mode=soak
      if [ $# -gt 1 ] && [[ "$2" =~ ^[0-9]+$ ]]; then soak_seconds=$2; shift; fi ;;
    -h|--help)
      sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) driver_args+=("$1") ;;
  esac
  shift
done

say() { echo "run.sh [${SECONDS}s]: $*" >&2; }

# No build server or MSBuild node outlives the run; no telemetry banner.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Every process the driver starts is recorded here as "pid starttime"; the trap kills those still alive (and their
# children) whose start time still matches, so a recycled pid is never hit.
pidfile=$(mktemp -t nexus-bench-pids.XXXXXX)
export NEXUS_BENCH_PIDFILE=$pidfile
kill_tree() { # the process first (so it starts nothing more), then the children it had
  local pid=$1 children child
  children=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
  kill -9 "$pid" 2>/dev/null || true
  for child in $children; do kill_tree "$child"; done
}
cleanup() {
  local pid start now
  while read -r pid start; do
    [ -r "/proc/$pid/stat" ] || continue
    now=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f20)
    if [ "$now" = "$start" ]; then say "killing leftover process $pid"; kill_tree "$pid"; fi
  done < "$pidfile"
  rm -f "$pidfile"
}
child=
stop_child() { if [ -n "$child" ]; then say "interrupted: stopping $child and its children"; kill_tree "$child"; fi; }
trap cleanup EXIT
trap 'stop_child; exit 130' INT
trap 'stop_child; exit 143' TERM
# Long steps run in the background and are waited for, so a signal reaches the trap at once (bash defers traps
# while a foreground command runs).
run() { local rc=0; "$@" & child=$!; wait "$child" || rc=$?; child=; return "$rc"; }

# ---- what the run needs, installed only when missing ----
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then say "wrk is missing: install it (apt-get install wrk) or run as root"; exit 1; fi
  say "apt-get install wrk"
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
if ! command -v redis-server >/dev/null; then
  say "redis-server is missing: tools/bootstrap.sh"
  run tools/bootstrap.sh || say "bootstrap failed: the memory-vs-Redis line will say why it is missing"
fi
if [ -f bench/baseline/server.mjs ] && [ ! -d bench/baseline/node_modules ]; then
  say "npm ci (bench/baseline)"
  (cd bench/baseline && npm ci --no-audit --no-fund >/dev/null)
fi
[ -f bench/baseline/server.mjs ] || say "bench/baseline/server.mjs is absent: the Node baseline column will be skipped"

# ---- the two builds of the kernel ----
# Each publish has its own intermediate tree (--artifacts-path): a RID-less build of the solution (tests, Nexus.Bench)
# rewrites Nexus.Kernel/obj's restore output, which would force the native compile (minutes) on every run. So a
# second run.sh publishes in seconds, unless HEAD moved: the commit id is in the informational version, so a new
# commit recompiles (the AOT publish: 2-5 minutes on 2 cores). The binaries are the same as from the README's commands.
say "publish Native AOT -> artifacts/aot"
run dotnet publish Nexus.Kernel -c Release -r linux-x64 --artifacts-path artifacts/aot-build -o artifacts/aot -v q >&2
if [ "$mode" = proof ]; then
  # Same project, JIT: framework-dependent, with the same source-generated endpoints as the AOT build.
  say "publish JIT -> artifacts/jit"
  run dotnet publish Nexus.Kernel -c Release -r linux-x64 -p:PublishAot=false -p:SelfContained=false \
    -p:EnableRequestDelegateGenerator=true --artifacts-path artifacts/jit-build -o artifacts/jit -v q >&2
  say "build bench/Nexus.Bench"
  run dotnet build bench/Nexus.Bench -c Release -v q >&2
fi
say "build bench/Nexus.LoadBench"
run dotnet build bench/Nexus.LoadBench -c Release -v q >&2

# Thousands of WebSocket connections: raise the open-file limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$mode" = soak ]; then
  run dotnet run -c Release --no-build --project bench/Nexus.LoadBench -- soak "$root/artifacts/aot/nexus-kernel" "$soak_seconds"
else
  run dotnet run -c Release --no-build --project bench/Nexus.LoadBench -- "${driver_args[@]}"
fi
