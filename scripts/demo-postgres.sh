#!/usr/bin/env bash
# A throw-away PostgreSQL for the README walk-through: a target whose `app_owner` role Kagi manages.
#   scripts/demo-postgres.sh start   # fresh instance on 127.0.0.1:55433 (KAGI_DEMO_PG_PORT)
#   scripts/demo-postgres.sh stop
# Roles: kagi_admin / Admin-Pass-123! (CREATEROLE: what Kagi rotates with)
#        app_owner  / Init-Pass-123!  (the privileged account brought under management)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

# Outside .data/, which run.sh keeps private to its owner; the postgres user must reach this folder.
DIR="${TMPDIR:-/tmp}/kagi-demo-postgres"
PORT="${KAGI_DEMO_PG_PORT:-55433}"

case "${1:-}" in
start)
    if [ -f "$DIR/data/postmaster.pid" ]; then
        kagi_stop_postgres "$DIR"
    fi
    rm -rf "$DIR"
    kagi_start_postgres "$DIR" "$PORT"
    PGPASSWORD="$(head -n1 "$DIR/superuser-password")" psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
        -c "CREATE ROLE kagi_admin LOGIN CREATEROLE PASSWORD 'Admin-Pass-123!'" \
        -c "CREATE ROLE app_owner LOGIN PASSWORD 'Init-Pass-123!'"
    kagi_log "demo PostgreSQL on 127.0.0.1:$PORT with roles kagi_admin and app_owner"
    ;;
stop)
    kagi_stop_postgres "$DIR"
    kagi_log "demo PostgreSQL stopped"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
