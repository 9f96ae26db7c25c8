#!/usr/bin/env bash
# Measurements (make measure): bytes on the wire for a first visit, the
# precache, the data bundle (demo data and 10,000 agencies) and Lighthouse
# mobile scores, each beside its target. Not part of make test.
# Arguments go to measure.js: --runs N (Lighthouse runs, default 3),
# --json FILE, --skip-lighthouse, --skip-synthetic.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "measure: FAIL: Chromium not found at $chromium (run scripts/ensure-browser.sh)" >&2; exit 1; }
command -v node >/dev/null || { echo "measure: FAIL: node is missing (Node 20 expected)" >&2; exit 1; }

# Lighthouse 12.8.2 (13.x needs Node 22) and playwright-core; no browser download.
"$root/scripts/npm-deps.sh" "$here"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/paidee-measure.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "measure: building the server ..."
(cd "$root" && go build -o "$tmp/paidee" ./server && go build -o "$tmp/dbcount" ./scripts/e2e/dbcount)
export PAIDEE_BIN="$tmp/paidee" PAIDEE_DBCOUNT_BIN="$tmp/dbcount" CHROMIUM_PATH="$chromium" CHROME_PATH="$chromium"
export TMPDIR="$tmp"

if [ "${1:-}" = "--search" ]; then
  # search-phone.js uses the browser tests' helpers (and their playwright-core).
  "$root/scripts/npm-deps.sh" "$root/scripts/e2e"
  node "$here/search-phone.js"
else
  node "$here/measure.js" "$@"
fi
