#!/usr/bin/env bash
# The proof run: one command, bounded in time, one table (bench/README.md).
#
#   bench/run.sh                    full run (at most about 10 minutes on 2 cores, builds excluded)
#   bench/run.sh --quick            smoke check of every step (about 2-3 minutes, builds excluded)
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

say() { echo "run.sh: $*" >&2; }

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
driver=
stop_driver() { if [ -n "$driver" ]; then say "interrupted: stopping the driver"; kill_tree "$driver"; fi; }
trap cleanup EXIT
trap 'stop_driver; exit 130' INT
trap 'stop_driver; exit 143' TERM
# The driver runs in the background and is waited for, so a signal reaches the trap at once.
run_driver() { "$@" & driver=$!; wait "$driver"; }

# ---- what the run needs, installed only when missing ----
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then say "wrk is missing: install it (apt-get install wrk) or run as root"; exit 1; fi
  say "apt-get install wrk"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
if ! command -v redis-server >/dev/null; then
  say "redis-server is missing: tools/bootstrap.sh"
  tools/bootstrap.sh || say "bootstrap failed: the memory-vs-Redis line will say why it is missing"
fi
if [ -f bench/baseline/server.mjs ] && [ ! -d bench/baseline/node_modules ]; then
  say "npm ci (bench/baseline)"
  (cd bench/baseline && npm ci --no-audit --no-fund >/dev/null)
fi
[ -f bench/baseline/server.mjs ] || say "bench/baseline/server.mjs is absent: the Node baseline column will be skipped"

# ---- the two builds of the kernel (incremental: seconds when nothing changed) ----
say "publish Native AOT -> artifacts/aot"
dotnet publish Nexus.Kernel -c Release -r linux-x64 -o artifacts/aot -v q >&2
if [ "$mode" = proof ]; then
  # Same project, JIT: framework-dependent, the same source-generated endpoints as the AOT build. Its own
  # intermediate tree (--artifacts-path) so the AOT build above stays incremental.
  say "publish JIT -> artifacts/jit"
  dotnet publish Nexus.Kernel -c Release -r linux-x64 -p:PublishAot=false -p:SelfContained=false \
    -p:EnableRequestDelegateGenerator=true --artifacts-path artifacts/jit-build -o artifacts/jit -v q >&2
  dotnet build bench/Nexus.Bench -c Release -v q >&2
fi
dotnet build bench/Nexus.LoadBench -c Release -v q >&2

# Thousands of WebSocket connections: raise the open-file limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$mode" = soak ]; then
  run_driver dotnet run -c Release --no-build --project bench/Nexus.LoadBench -- soak "$root/artifacts/aot/nexus-kernel" "$soak_seconds"
else
  run_driver dotnet run -c Release --no-build --project bench/Nexus.LoadBench -- "${driver_args[@]}"
fi
