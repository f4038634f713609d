#!/usr/bin/env bash
# A throwaway PostgreSQL server for the repository tests, started and stopped
# by CTest fixtures (numbers.postgres.start / numbers.postgres.stop).
#
#   pg_server.sh start STATE_DIR   prints the conninfo, writes STATE_DIR/conninfo
#   pg_server.sh stop  STATE_DIR
#
# PostgreSQL refuses to run as root, and CI runs as root: then the data
# directory is owned by the `postgres` system user and initdb/pg_ctl run
# through `runuser -u postgres --`. The server listens on 127.0.0.1 at a free
# port below 32768 and on a unix socket in its temporary directory, with
# trust authentication. Missing binaries are an error (the tests must fail,
# not skip).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
action=${1:?usage: pg_server.sh start|stop STATE_DIR}
state=${2:?usage: pg_server.sh start|stop STATE_DIR}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_server() {
  [[ -f "$state/root" ]] || return 0
  local root
  root=$(cat "$state/root")
  if [[ -f "$root/data/postmaster.pid" ]]; then
    if ! as_pg "$PG_BIN/pg_ctl" -D "$root/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      # pg_ctl could not stop it: end the postmaster by its own pid.
      kill -TERM "$(head -n1 "$root/data/postmaster.pid")" 2>/dev/null || true
    fi
  fi
  rm -rf "$root"
  rm -f "$state/root" "$state/conninfo"
}

start_server() {
  for tool in initdb pg_ctl postgres; do
    if [[ ! -x "$PG_BIN/$tool" ]]; then
      echo "pg_server.sh: $PG_BIN/$tool not found (install postgresql-15)" >&2
      exit 1
    fi
  done
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    echo "pg_server.sh: running as root needs the 'postgres' system user" >&2
    exit 1
  fi
  stop_server
  mkdir -p "$state"
  local root
  root=$(mktemp -d /tmp/ctib-pg.XXXXXX)
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$root"; fi
  echo "$root" >"$state/root"
  as_pg "$PG_BIN/initdb" -D "$root/data" -A trust -U postgres -E UTF8 --no-sync >"$state/initdb.log" 2>&1 || {
    cat "$state/initdb.log" >&2
    exit 1
  }
  local port started=0
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 12000))
    port_in_use "$port" && continue
    if as_pg "$PG_BIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
         -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
         start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if [[ $started -ne 1 ]]; then
    echo "pg_server.sh: the server did not start" >&2
    cat "$root/server.log" >&2 || true
    exit 1
  fi
  local conninfo="host=$root port=$port user=postgres dbname=postgres"
  echo "$conninfo" >"$state/conninfo"
  echo "$conninfo"
}

case "$action" in
  start) start_server ;;
  stop) stop_server ;;
  *) echo "usage: pg_server.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
