#!/usr/bin/env bash
# A bigger run of the boundary fuzz suites (HTTP JSON bodies and ids, raw WebSocket frames, JWT mutations).
# usage: tools/fuzz.sh [SEED] [CASES]   (defaults: a seed from the clock, 5000 cases per suite)
# A failure names its seed and case; repeat it with the same SEED.
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SEED="${1:-$(date +%s)}"
export FUZZ_CASES="${2:-5000}"
echo "fuzz: seed $FUZZ_SEED, $FUZZ_CASES cases per suite"
dotnet build Nexus.Kernel.Tests -c Release
status=0
for suite in JsonBodyFuzzTests FrameFuzzTests TokenFuzzTests; do
  dotnet test --project Nexus.Kernel.Tests -c Release --no-build --output Detailed \
    -- --treenode-filter "/*/*/$suite/*" | grep -E "^\s*fuzz |failed|passed|Expected|because" || status=1
done
exit $status
