#!/usr/bin/env bash
# A throw-away PostgreSQL server for the portal's tests (Debian 12, run as root, no prompts).
#
# Idempotent: installs `postgresql` when missing, creates a cluster under /tmp on first run, starts
# it when it is not running, waits until it accepts connections, makes sure the `motcua` superuser
# role exists, and prints the URL to export as MOTCUA_PORTAL_TEST_PG on its LAST line of stdout:
#
#   export MOTCUA_PORTAL_TEST_PG="$(bash scripts/postgres.sh | tail -n 1)"
#
# It listens only on 127.0.0.1. Settings (environment): PG_PORT (55432), PG_DATA
# (/tmp/motcua-pg-<port>). Stop it with: su postgres -c "pg_ctl -D <data dir> stop".
set -euo pipefail

PORT="${PG_PORT:-55432}"
DATA="${PG_DATA:-/tmp/motcua-pg-$PORT}"
ROLE=motcua
PASSWORD=motcua
log() { echo "postgres.sh: $*" >&2; }

if [ "$(id -u)" != "0" ]; then
  log "run me as root (I may install packages and switch to the postgres user)"
  exit 1
fi

# 1. The server binaries (Debian puts them under /usr/lib/postgresql/<major>/bin).
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  log "installing postgresql (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi
BIN="$(bindir)"
if ! id postgres >/dev/null 2>&1; then
  log "no postgres user after install"
  exit 1
fi
as_pg() { su postgres -s /bin/sh -c "$*"; }

# 2. The cluster: created once, trust auth on the loopback only.
if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating cluster in $DATA"
  mkdir -p "$DATA"
  chown postgres:postgres "$DATA"
  chmod 700 "$DATA"
  as_pg "'$BIN/initdb' -D '$DATA' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  cat >"$DATA/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
fi

# 3. Start it unless it answers already.
ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }
if ! ready; then
  if as_pg "'$BIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
    log "a server runs on $DATA but does not answer yet"
  else
    log "starting server on 127.0.0.1:$PORT"
    as_pg "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -t 60 start" >&2
  fi
fi
for _ in $(seq 1 60); do
  if ready; then break; fi
  sleep 0.5
done
if ! ready; then
  log "server did not accept connections; see $DATA/server.log"
  exit 1
fi

# 4. The role the tests connect as (superuser: each test creates and drops its own database).
as_pg "psql -h 127.0.0.1 -p $PORT -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA" >&2 <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN SUPERUSER PASSWORD '$PASSWORD';
  END IF;
END \$\$;
EOF

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres"
