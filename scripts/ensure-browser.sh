#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Chromium, the
# Noto fonts (without them Thai renders as boxes), and Node packages.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-core 2>/dev/null | grep -q "ok installed" || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif [ "${CI:-}" = true ]; then
    echo "missing ${need[*]} and not root: cannot install" >&2; exit 1
  else
    echo "missing ${need[*]}: run as root or: sudo apt-get install -y ${need[*]}" >&2; exit 1
  fi
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium is still missing" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "node is missing (Node 20 expected)" >&2; exit 1; }
