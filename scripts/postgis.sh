#!/usr/bin/env bash
# A private PostgreSQL + PostGIS server for the benchmark's PostGIS peer: its own cluster under
# build/postgis, reachable only through a Unix socket there, tuned as one would for a one-off
# analysis on this machine (parallel workers, large work_mem, no fsync: the data is disposable).
#
#   scripts/postgis.sh start     # initialise on first use, start, create database "bench" with PostGIS
#   scripts/postgis.sh conninfo  # the libpq connection string (for psql, ogr2ogr PG:, psycopg2)
#   scripts/postgis.sh stop
#
# Needs PostgreSQL + PostGIS (scripts/install-deps.sh installs them). PostgreSQL refuses to run as root: as root the cluster
# belongs to (and the server runs as) the `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."
# REDLINE_PG_ROOT puts the cluster elsewhere (the tests use a throwaway one under /tmp).
root="${REDLINE_PG_ROOT:-$PWD/build/postgis}"
data="$root/data"
sock="$root/socket"
port="${REDLINE_PG_PORT:-54329}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "postgis.sh: PostgreSQL is not installed; run scripts/install-deps.sh" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

conninfo="host=$sock port=$port user=bench dbname=bench"

case "${1:-}" in
  start)
    mkdir -p "$root"
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data" "$sock"
      if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$root"; fi
      as_owner "$bin/initdb" -D "$data" -U bench --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/initdb.log"
      cores=$(nproc)
      cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
port = $port
shared_buffers = 1GB
work_mem = 256MB
maintenance_work_mem = 1GB
max_worker_processes = $((cores + 2))
max_parallel_workers = $cores
max_parallel_workers_per_gather = $cores
max_parallel_maintenance_workers = $cores
fsync = off
synchronous_commit = off
full_page_writes = off
random_page_cost = 1.1
jit = off
CONF
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w start >/dev/null
    fi
    if ! as_owner "$bin/psql" "host=$sock port=$port user=bench dbname=postgres" -Atqc \
         "SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1; then
      as_owner "$bin/createdb" -h "$sock" -p "$port" -U bench bench
    fi
    as_owner "$bin/psql" "$conninfo" -qc "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
    echo "$conninfo"
    ;;
  conninfo)
    echo "$conninfo"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ]; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true; fi
    ;;
  *)
    echo "usage: scripts/postgis.sh start|conninfo|stop" >&2
    exit 2
    ;;
esac
