#!/usr/bin/env bash
# Starts a local PostgreSQL for the tests (127.0.0.1, port $CANARY_PG_PORT, default 15432), idempotently,
# and prints the connection string. Data lives in .tools/postgres (ignored by git).
#   scripts/postgres.sh start|stop|url
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${CANARY_PG_PORT:-15432}"
data="$root/.tools/postgres"
url="postgresql://canary:canary@127.0.0.1:$port"

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || return 1
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Whether something already listens on the port (another checkout's server would answer there
# instead of ours, or make ours fail to start with only "could not start server").
port_taken() {
  command -v ss >/dev/null 2>&1 || return 1
  ss -ltnH "sport = :$port" 2>/dev/null | grep -q .
}

start() {
  local bin
  bin="$(pg_bin)" || {
    apt_ensure postgresql >/dev/null
    bin="$(pg_bin)"
  }
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if port_taken; then
      echo "scripts/postgres.sh: port $port is taken by another server (another checkout's" \
        "PostgreSQL?); stop it, or set CANARY_PG_PORT to a free port" >&2
      exit 1
    fi
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null
  fi
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
    "SELECT 1 FROM pg_roles WHERE rolname = 'canary'" | grep -q 1 ||
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc \
      "CREATE ROLE canary LOGIN SUPERUSER PASSWORD 'canary'"
  echo "$url"
}

stop() {
  local bin
  bin="$(pg_bin)" || return 0
  [ -f "$data/PG_VERSION" ] || return 0
  as_postgres "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2 && exit 2 ;;
esac
