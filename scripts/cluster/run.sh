#!/usr/bin/env bash
# The cluster test (make test-cluster, part of make test): PostgreSQL, two
# replicas and nginx from Debian's packages, on loopback. Installs nginx
# when missing (as root); without it the test fails, it is never skipped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
nginx="$(command -v nginx || true)"
[ -n "$nginx" ] || { [ -x /usr/sbin/nginx ] && nginx=/usr/sbin/nginx; }
if [ -z "$nginx" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing nginx ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    # The package starts its own nginx on port 80; the test runs its own.
    (service nginx stop || true) >/dev/null 2>&1
    nginx=/usr/sbin/nginx
  else
    echo "nginx is missing and this is not root: sudo apt-get install -y nginx" >&2
    exit 1
  fi
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/paidee-cluster-bin.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/paidee" ./server)
cd "$root"
exec "$root/scripts/with-postgres.sh" go run ./scripts/cluster -bin "$tmp/paidee" -nginx "$nginx" -nginx-conf "$root/deploy/nginx.conf"
