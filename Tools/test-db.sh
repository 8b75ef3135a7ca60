#!/usr/bin/env bash
# A throwaway PostgreSQL cluster with PostGIS and pgRouting for the tests.
#   Tools/test-db.sh run CMD...   starts a cluster in a temporary folder on a free loopback
#                                 port, runs CMD with TOWNGRAPH_TEST_DB set to its URL, and
#                                 stops and removes the cluster when CMD ends, also when it fails.
# PostgreSQL refuses to run as root, so as root the cluster runs as the user nobody. fsync is off
# for the tests (TOWNGRAPH_TEST_DB_FSYNC=on for benchmarks, as a real server runs).
set -euo pipefail
[ "${1:-}" = "run" ] || { echo "usage: Tools/test-db.sh run CMD..." >&2; exit 64; }
shift
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "test-db: PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }
dir=$(mktemp -d /tmp/towngraph-pg.XXXXXX)
chmod 755 "$dir"
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown nobody "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
as_owner "$bin/initdb" -D "$dir/data" -U towngraph --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${TOWNGRAPH_TEST_DB_FSYNC:-off}" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
url="postgresql://towngraph@127.0.0.1:$port/towngraph"
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U towngraph -d postgres -c "CREATE DATABASE towngraph" >/dev/null
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U towngraph -d towngraph \
  -c "CREATE EXTENSION postgis; CREATE EXTENSION pgrouting;" >/dev/null
echo "test-db: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') with PostGIS and pgRouting at 127.0.0.1:$port (removed when the tests end)"
TOWNGRAPH_TEST_DB="$url" "$@"
