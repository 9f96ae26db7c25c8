#!/usr/bin/env bash
# Browser tests: real headless Chromium (playwright-core, the machine's
# /usr/bin/chromium) against real paidee servers, one per test file, each
# with a fresh data directory. Run from anywhere: scripts/e2e/run.sh
# Optional arguments are test files to run instead of all of them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  # Never skipped: without a browser the tests cannot say the app works.
  echo "e2e: FAIL: Chromium not found at $chromium (run scripts/ensure-browser.sh)" >&2
  exit 1
fi
command -v node >/dev/null || { echo "e2e: FAIL: node is missing (Node 20 expected)" >&2; exit 1; }
command -v go >/dev/null || { echo "e2e: FAIL: go is missing" >&2; exit 1; }

# Node packages (playwright-core only; it downloads no browser).
"$root/scripts/npm-deps.sh" "$here"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/paidee-e2e.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "e2e: building the server (and a one-comment-newer copy) and the report counter ..."
(cd "$root" && go build -o "$tmp/paidee" ./server && go build -o "$tmp/dbcount" ./scripts/e2e/dbcount)
"$here/build-v2.sh" "$tmp/paidee-v2" # the same app one comment newer, for the update test
export PAIDEE_BIN="$tmp/paidee" PAIDEE_DBCOUNT_BIN="$tmp/dbcount" PAIDEE_V2_BIN="$tmp/paidee-v2" CHROMIUM_PATH="$chromium"
export TMPDIR="$tmp" # servers' data directories and browser profiles go here and are removed at the end

if [ $# -gt 0 ]; then
  files=("$@")
else
  files=("$here"/tests/*.test.js)
fi

echo "e2e: running ${#files[@]} test file(s) in $(basename "$chromium") $("$chromium" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)"
start=$(date +%s)
set +e
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter="$here/lib/summary-reporter.js" --test-reporter-destination="$tmp/summary.txt" \
  "${files[@]}"
status=$?
set -e
secs=$(( $(date +%s) - start ))
cat "$tmp/summary.txt" 2>/dev/null || echo "(no summary written)"
echo "time: ${secs}s"
if [ "$status" -ne 0 ]; then
  echo "e2e: FAIL"
  exit 1
fi
echo "e2e: OK"
