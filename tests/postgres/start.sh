#!/usr/bin/env bash
# Starts (once) a throwaway PostgreSQL server on loopback for the cluster tests and prints its connection string.
# Needs Debian's postgresql package and root (initdb runs as the postgres user). The tests create and drop their
# own databases on it; EDGECRAB_TEST_POSTGRES is this script's output.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
dir=${EDGECRAB_PG_DIR:-/tmp/edgecrab-postgres}
port=${EDGECRAB_PG_PORT:-55432}
as_postgres() { su postgres -s /bin/sh -c "$1"; }

if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  chown postgres "$dir"
  as_postgres "$bin/initdb -D '$dir' -U postgres --auth=trust -E UTF8" >/dev/null
fi
if ! as_postgres "$bin/pg_ctl -D '$dir' status" >/dev/null 2>&1; then
  # Three gateway nodes per test, each with its own pool: more connections than the default 100.
  # The server outlives this script, so it must not keep the caller's open files: a lock a wrapper holds (flock) was
  # held for as long as the server ran, and the next run waited on it.
  (
    for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null || true
    as_postgres "$bin/pg_ctl -D '$dir' -w -l '$dir/server.log' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=400\" start" >/dev/null
  )
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
