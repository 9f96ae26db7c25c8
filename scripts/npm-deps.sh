#!/usr/bin/env bash
# Installs a folder's Node packages from its lock file, and only when the
# lock file changed since the last install (a stamp in node_modules).
# Usage: scripts/npm-deps.sh DIR
set -euo pipefail
cd "$1"
stamp=node_modules/.paidee-lock.sha256
if [ -f package-lock.json ]; then
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > "$stamp"
  fi
else
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi
