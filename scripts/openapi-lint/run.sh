#!/usr/bin/env bash
# Lints the API's OpenAPI document (as the server serves it) with Redocly's
# recommended rules; fails on any error. Warnings are printed, not fatal.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$root/scripts/npm-deps.sh" "$here"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/paidee-openapi.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go run ./server openapi > "$tmp/openapi.json")
cd "$here"
# Redocly prints a banner about Node versions; the summary is what counts.
NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  ./node_modules/.bin/redocly lint --format=summary "$tmp/openapi.json" 2>&1 | grep -v '^ *[║╔╚]' | sed '/^$/d'
