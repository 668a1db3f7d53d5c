#!/usr/bin/env bash
# Regenerates build/layout/hot-methods.order from the code as it is now (README.md next to this file): publishes the
# AOT binary, builds the tracer, and runs the layout scenario under it. Needs what the AOT publish needs already (a C
# compiler, binutils) and ptrace. Commit the order file it writes; the next publish lays the binary out by it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mkdir -p artifacts/layout
cc -O2 -Wall -Wextra -o artifacts/layout/first-calls build/layout/first-calls.c
dotnet publish Nexus.Kernel -c Release -r linux-x64 --artifacts-path artifacts/aot-build -o artifacts/aot -v q
dotnet run -c Release --project bench/Nexus.LoadBench -- layout "$@"
