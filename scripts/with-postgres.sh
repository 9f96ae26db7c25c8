#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: installs PostgreSQL
# from Debian's packages when it is missing (as root), starts a cluster in a
# temp directory as an unprivileged user on a free loopback port, exports
# PAIDEE_TEST_POSTGRES for the Go tests (see models/dbtest), runs the
# command, and stops the cluster whatever happens.
# Usage: scripts/with-postgres.sh go test -count=1 ./...
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing postgresql ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(find_bin)"
  else
    # Never a skip: without PostgreSQL half of the suite did not run.
    echo "PostgreSQL is missing and this is not root: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
fi
[ -x "$bin/initdb" ] || { echo "PostgreSQL is still missing" >&2; exit 1; }

# PostgreSQL refuses to run as root: use its own account (the Debian
# package makes it), or make a system user for it.
runas=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  runas=(runuser -u postgres --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/paidee-pg.XXXXXX")"
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
stop() {
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${runas[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# A free port: try a few at random; pg_ctl fails fast when one is taken.
for _ in 1 2 3 4 5 6 7 8; do
  port=$(( 20000 + RANDOM % 30000 ))
  if "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null 2>&1; then
    started=1
    break
  fi
done
[ "${started:-}" = 1 ] || { echo "PostgreSQL did not start:" >&2; cat "$dir/log" >&2; exit 1; }

export PAIDEE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway, $dir)"
"$@"
