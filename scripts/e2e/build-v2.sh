#!/usr/bin/env bash
# Builds the server with a web app one comment newer than the working tree:
# a "new version" for the update-prompt test. Usage: build-v2.sh OUTPUT
set -euo pipefail
out="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$(mktemp -d "${TMPDIR:-/tmp}/paidee-v2-src.XXXXXX")"
trap 'rm -rf "$src"' EXIT
(cd "$root" && tar -cf - go.mod go.sum server models seeds web) | tar -C "$src" -xf -
printf '\n/* e2e: a new version of the app */\n' >> "$src/web/app/css/app.css"
(cd "$src" && go build -o "$out" ./server)
