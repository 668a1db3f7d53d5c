#!/usr/bin/env bash
# Cross-publishes the kernel as a linux-arm64 Native AOT binary on this (x64) machine: the SDK restores the arm64
# ILCompiler from NuGet and links with clang --target=aarch64-linux-gnu against the cross sysroot (install-cross.sh).
# Usage: tools/arm64/publish.sh OUTPUT_DIR   (outside the project folder: the Web SDK would glob an earlier output)
set -euo pipefail
out="${1:?usage: publish.sh OUTPUT_DIR}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/tools/arm64/install-cross.sh"
# Its own intermediate tree: restoring for linux-arm64 in Nexus.Kernel/obj would leave an assets file without the
# linux-x64 target for the x64 publishes that the test suite runs beside this one (NETSDK1047).
dotnet publish "$root/Nexus.Kernel/Nexus.Kernel.csproj" -c Release -r linux-arm64 -nologo \
  --artifacts-path "$root/artifacts/arm64-build" -o "$out"
# ELF e_machine (2 bytes at offset 18) is 0xb7 for AArch64.
[ "$(od -An -tx1 -j18 -N2 "$out/nexus-kernel" | tr -d ' \n')" = "b700" ] || { echo "arm64: $out/nexus-kernel is not an aarch64 binary" >&2; exit 1; }
test -f "$out/libwasmtime.so"
