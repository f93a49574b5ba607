#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the central office's tests and benchmarks (Debian's PostgreSQL 15).
#   bash tools/postgres.sh start [DIR]   # initdb (once) and start on a free port; prints the database URL
#   bash tools/postgres.sh url [DIR]     # the URL of the running cluster
#   bash tools/postgres.sh stop [DIR]    # stop it (the data directory stays; remove DIR to start afresh)
# DIR defaults to $DESK_POSTGRES_DIR or /tmp/desk-postgres-$UID. Run as root, the server runs as the `postgres`
# user (PostgreSQL refuses to run as root) in a data directory it owns. Connections: Unix socket in DIR and
# 127.0.0.1, trust authentication for the local user only: a test cluster, never a production server (the
# README says how a central office sets up its own).
set -euo pipefail

mode="${1:-}"
dir="${2:-${DESK_POSTGRES_DIR:-/tmp/desk-postgres-$(id -u)}}"
bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/initdb" ]; then bin="$candidate"; break; fi
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql)." >&2
  exit 3
fi

as_owner=()
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner=(runuser -u postgres --)
fi
data="$dir/data"
database=desk

url() {
  local port
  port="$(cat "$dir/port")"
  echo "postgresql://${owner}@127.0.0.1:${port}/${database}"
}

running() {
  [ -f "$dir/port" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

case "$mode" in
  start)
    if running; then
      url
      exit 0
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      "${as_owner[@]}" "$bin/initdb" -D "$data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port="$(free_port)"
    echo "$port" >"$dir/port"
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    if ! "${as_owner[@]}" "$bin/psql" -h "$dir" -p "$port" -U "$owner" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
      "${as_owner[@]}" "$bin/createdb" -h "$dir" -p "$port" -U "$owner" "$database"
    fi
    url
    ;;
  url)
    running || { echo "No cluster is running in $dir (bash tools/postgres.sh start)." >&2; exit 1; }
    url
    ;;
  stop)
    if running; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "usage: bash tools/postgres.sh start|stop|url [DIR]" >&2
    exit 2
    ;;
esac
