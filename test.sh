#!/usr/bin/env bash
# The whole test suite (README command 2). Installs the pinned tools the tests drive, then runs TUnit.
set -euo pipefail
cd "$(dirname "$0")"
tools/bootstrap.sh
exec dotnet test --solution Nexus.slnx -c Release "$@"
