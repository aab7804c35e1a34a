#!/usr/bin/env bash
# shellcheck disable=SC2317 # (functions run from traps look unreachable to shellcheck)
# Starts a local Kagi cluster for trying multi-host clustering on one machine: Azurite (table
# storage), a private PostgreSQL for membership, N silos each on its own loopback address
# (127.0.0.11, 127.0.0.12, …: the same ports on each, as on separate hosts) and one Frontend that
# finds them through the membership table. Ctrl-C, SIGTERM or SIGHUP stops everything in order:
# the Frontend drains, the silos finish their calls and deactivate their grains, then PostgreSQL,
# then Azurite saves its tables (SIGINT).
#
#   scripts/cluster.sh            # 3 silos
#   KAGI_CLUSTER_SILOS=5 scripts/cluster.sh
#
# Environment (all optional):
#   KAGI_CLUSTER_SILOS   number of silos, 1 to 9                 default 3
#   KAGI_CLUSTER_TLS     on: mutual TLS between silos and Frontend, from a throw-away CA made
#                        with openssl in $KAGI_DATA_DIR/pki        default off
#   KAGI_URLS            Frontend listen URL(s)                  default http://127.0.0.1:8080
#   KAGI_DATA_DIR        data, logs, pid files                   default .data/cluster
#   KAGI_AZURITE_PORT    Azurite table port                      default 10012
#   KAGI_CLUSTER_PG_PORT private PostgreSQL port                 default 55442
#   KAGI_SILO_PORT       Orleans silo port on every address      default 11111
#   KAGI_GATEWAY_PORT    Orleans gateway port on every address   default 30000
#   KAGI_MASTER_KEY, KAGI_OPERATOR_TOKEN   default from $KAGI_DATA_DIR/dev-secrets.env
#   KAGI_SKIP_BUILD      1: run the Release build already in bin/ instead of building first
# Needs PostgreSQL's server binaries (apt-get install postgresql); run as root, initdb runs as 'postgres'.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SILOS="${KAGI_CLUSTER_SILOS:-3}"
if ! [[ "$SILOS" =~ ^[1-9]$ ]]; then
    kagi_die "KAGI_CLUSTER_SILOS is '$SILOS'; expected a number of silos from 1 to 9"
    exit 2
fi
TLS="${KAGI_CLUSTER_TLS:-off}"
case "$TLS" in on | off) ;; *) kagi_die "KAGI_CLUSTER_TLS is '$TLS'; expected on or off"; exit 2 ;; esac
DATA_DIR="${KAGI_DATA_DIR:-.data/cluster}"
AZURITE_PORT="${KAGI_AZURITE_PORT:-10012}"
PG_PORT="${KAGI_CLUSTER_PG_PORT:-55442}"
export KAGI_SILO_PORT="${KAGI_SILO_PORT:-11111}" KAGI_GATEWAY_PORT="${KAGI_GATEWAY_PORT:-30000}"
export KAGI_URLS="${KAGI_URLS:-http://127.0.0.1:8080}"
FIRST_URL="${KAGI_URLS%%;*}"
BASE_URL="${FIRST_URL%/}"
BASE_URL="${BASE_URL/:\/\/0.0.0.0/://127.0.0.1}"

silo_address() { printf '127.0.0.%d' $((10 + $1)); }

mkdir -p "$DATA_DIR/azurite"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
SECRETS_FILE="$DATA_DIR/dev-secrets.env"
# Others may pass through (PostgreSQL's OS user reaches its own pg/ inside) but not list it.
chmod 711 "$DATA_DIR"
kagi_claim_data_dir "$DATA_DIR/cluster.pid" cluster.sh "a cluster"

# Leftovers of a cluster.sh that was killed hard, in the same order as a normal stop.
kagi_stop_stale "$DATA_DIR/frontend.pid" Kagi.Frontend.dll
for ((i = 1; i <= 9; i++)); do kagi_stop_stale "$DATA_DIR/silo$i.pid" Kagi.Silo.dll 90; done
kagi_stop_postgres "$DATA_DIR/pg"
kagi_stop_stale "$DATA_DIR/azurite/azurite.pid" azurite-table 60 INT

kagi_require_free_port "$AZURITE_PORT" "Azurite, KAGI_AZURITE_PORT"
kagi_require_free_port "$PG_PORT" "PostgreSQL, KAGI_CLUSTER_PG_PORT"

# --- development secrets: stable across restarts, or encrypted data becomes unreadable ----
if [ -z "${KAGI_MASTER_KEY:-}" ] || [ -z "${KAGI_OPERATOR_TOKEN:-}" ]; then
    if [ ! -f "$SECRETS_FILE" ]; then
        (
            umask 077
            {
                echo "# Kagi development secrets, made by cluster.sh. Keep them: data is encrypted with the key."
                echo "KAGI_MASTER_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
                echo "KAGI_OPERATOR_TOKEN=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')"
            } >"$SECRETS_FILE.tmp"
        )
        mv "$SECRETS_FILE.tmp" "$SECRETS_FILE"
        kagi_log "generated development secrets in $SECRETS_FILE"
    fi
    [ -n "${KAGI_MASTER_KEY:-}" ] || KAGI_MASTER_KEY="$(sed -n 's/^KAGI_MASTER_KEY=//p' "$SECRETS_FILE" | tail -n1)"
    [ -n "${KAGI_OPERATOR_TOKEN:-}" ] || KAGI_OPERATOR_TOKEN="$(sed -n 's/^KAGI_OPERATOR_TOKEN=//p' "$SECRETS_FILE" | tail -n1)"
fi
export KAGI_MASTER_KEY KAGI_OPERATOR_TOKEN

# --- cluster TLS: a CA of this data directory; every node gets a certificate from it ------
# node_certificate NAME USAGES: DATA_DIR/pki/NAME.pem and NAME.key, issued by the CA.
node_certificate() {
    local pki="$DATA_DIR/pki" name="$1" usages="$2"
    [ -f "$pki/$name.pem" ] && return 0
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=kagi-$name" \
        -keyout "$pki/$name.key" -out "$pki/$name.csr" 2>>"$pki/openssl.log"
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' "$usages" >"$pki/$name.ext"
    openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial \
        -days 30 -extfile "$pki/$name.ext" -out "$pki/$name.pem" 2>>"$pki/openssl.log"
    chmod 600 "$pki/$name.key"
}
if [ "$TLS" = on ]; then
    mkdir -p "$DATA_DIR/pki"
    if [ ! -f "$DATA_DIR/pki/ca.pem" ]; then
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
            -subj "/CN=kagi local cluster CA" -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -keyout "$DATA_DIR/pki/ca.key" -out "$DATA_DIR/pki/ca.pem" 2>>"$DATA_DIR/pki/openssl.log"
    fi
    for ((i = 1; i <= SILOS; i++)); do node_certificate "silo$i" serverAuth,clientAuth; done
    node_certificate frontend clientAuth
fi

# --- build -------------------------------------------------------------------------------
kagi_npm_ci
SILO_DLL=Silo/bin/Release/net10.0/Kagi.Silo.dll
FRONTEND_DLL=Frontend/bin/Release/net10.0/Kagi.Frontend.dll
if [ "${KAGI_SKIP_BUILD:-}" = 1 ]; then
    for f in "$SILO_DLL" "$FRONTEND_DLL"; do
        [ -f "$f" ] || { kagi_die "KAGI_SKIP_BUILD=1 but $f is missing; build in Release first"; exit 1; }
    done
else
    kagi_log "building Silo and Frontend (Release)"
    dotnet build Silo/Silo.csproj -c Release -v q --nologo
    dotnet build Frontend/Frontend.csproj -c Release -v q --nologo
fi

# --- start -------------------------------------------------------------------------------
SILO_PIDS=()
FRONTEND_PID=""
PG_STARTED=""
AZURITE_STARTED=""

show_tails() {
    local f
    for f in "$DATA_DIR"/silo*.log "$DATA_DIR/frontend.log" "$DATA_DIR/pg/postgres.log" "$DATA_DIR/azurite/azurite.log"; do
        [ -s "$f" ] || continue
        echo "----- last lines of $f -----" >&2
        tail -n 20 "$f" >&2
    done
}

cleanup() {
    local status=$? i stoppers=()
    trap - EXIT INT TERM HUP
    set +e
    [ -z "$FRONTEND_PID${SILO_PIDS[*]}$PG_STARTED$AZURITE_STARTED" ] || kagi_log "stopping the cluster"
    # In order, each waited for: the Frontend drains; the silos (together) finish their calls and
    # deactivate their grains, leaving the membership table as they go; then the membership
    # database, which silos need until they are gone; then Azurite, which saves on SIGINT.
    [ -z "$FRONTEND_PID" ] || kagi_stop_pid "$DATA_DIR/frontend.pid" 45
    for ((i = 1; i <= ${#SILO_PIDS[@]}; i++)); do
        kagi_stop_pid "$DATA_DIR/silo$i.pid" 90 &
        stoppers+=($!)
    done
    [ "${#stoppers[@]}" -eq 0 ] || wait "${stoppers[@]}"
    [ -z "$PG_STARTED" ] || kagi_stop_postgres "$DATA_DIR/pg"
    [ -z "$AZURITE_STARTED" ] || kagi_stop_azurite "$DATA_DIR/azurite/azurite.pid"
    rm -f "$DATA_DIR/cluster.pid"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

[ ! -f "$DATA_DIR/azurite/azurite.log" ] || mv -f "$DATA_DIR/azurite/azurite.log" "$DATA_DIR/azurite/azurite.prev.log"
AZURITE_STARTED=1
kagi_start_azurite "$DATA_DIR/azurite" "$AZURITE_PORT"

# Membership is only who is up now: a fresh database each run.
rm -rf "$DATA_DIR/pg"
PG_STARTED=1
kagi_start_postgres "$DATA_DIR/pg" "$PG_PORT"
export KAGI_CLUSTERING=adonet KAGI_CLUSTER_CONNECTION KAGI_STORAGE_CONNECTION
KAGI_CLUSTER_CONNECTION="$(kagi_pg_admin_connection "$DATA_DIR/pg" "$PG_PORT")"
KAGI_STORAGE_CONNECTION="$(kagi_storage_connection "$AZURITE_PORT")"

[ "$TLS" = off ] || export KAGI_CLUSTER_TLS_CA="$DATA_DIR/pki/ca.pem"

# Each in a session of its own (setsid execs, so $! is the process): a Ctrl-C at the terminal
# reaches cluster.sh alone, whose cleanup stops them in order.
for ((i = 1; i <= SILOS; i++)); do
    [ ! -f "$DATA_DIR/silo$i.log" ] || mv -f "$DATA_DIR/silo$i.log" "$DATA_DIR/silo$i.prev.log"
    (
        export KAGI_ADVERTISED_ADDRESS
        KAGI_ADVERTISED_ADDRESS="$(silo_address "$i")"
        if [ "$TLS" = on ]; then
            export KAGI_CLUSTER_TLS_CERT KAGI_CLUSTER_TLS_KEY
            KAGI_CLUSTER_TLS_CERT="$DATA_DIR/pki/silo$i.pem" KAGI_CLUSTER_TLS_KEY="$DATA_DIR/pki/silo$i.key"
        fi
        exec setsid dotnet "$SILO_DLL" >"$DATA_DIR/silo$i.log" 2>&1 </dev/null
    ) &
    SILO_PIDS+=($!)
    echo "$!" >"$DATA_DIR/silo$i.pid"
done

[ ! -f "$DATA_DIR/frontend.log" ] || mv -f "$DATA_DIR/frontend.log" "$DATA_DIR/frontend.prev.log"
(
    if [ "$TLS" = on ]; then
        export KAGI_CLUSTER_TLS_CERT KAGI_CLUSTER_TLS_KEY
        KAGI_CLUSTER_TLS_CERT="$DATA_DIR/pki/frontend.pem" KAGI_CLUSTER_TLS_KEY="$DATA_DIR/pki/frontend.key"
    fi
    exec setsid dotnet "$FRONTEND_DLL" >"$DATA_DIR/frontend.log" 2>&1 </dev/null
) &
FRONTEND_PID=$!
echo "$FRONTEND_PID" >"$DATA_DIR/frontend.pid"

active_silos() {
    PGPASSWORD="$(head -n1 "$DATA_DIR/pg/superuser-password")" "$KAGI_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" \
        -U postgres -d postgres -Atc "SELECT count(*) FROM orleansmembershiptable WHERE status = 3" 2>/dev/null || echo 0
}

kagi_log "waiting for $SILOS silos to be active and $BASE_URL/health/ready (silo pids ${SILO_PIDS[*]}, frontend pid $FRONTEND_PID)"
ready=""
for ((t = 0; t < 360; t++)); do
    for p in "${SILO_PIDS[@]}" "$FRONTEND_PID" "$KAGI_AZURITE_PID"; do
        if ! kagi_pid_alive "$p"; then
            show_tails
            kagi_die "a Kagi process (pid $p) exited during start-up; see the logs above"
            exit 1
        fi
    done
    if [ "$(active_silos)" = "$SILOS" ] && curl -fsS -o /dev/null --max-time 2 "$BASE_URL/health/ready" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.5
done
if [ -z "$ready" ]; then
    show_tails
    kagi_die "the cluster was not ready ($SILOS silos active, $BASE_URL/health/ready answering 200) within 180 s"
    exit 1
fi

cat <<EOF

Kagi cluster is running at $BASE_URL: $SILOS silos on $(for ((i = 1; i <= SILOS; i++)); do printf '%s ' "$(silo_address "$i")"; done)(silo port $KAGI_SILO_PORT, gateway port $KAGI_GATEWAY_PORT), cluster TLS $TLS
  operator token: $KAGI_OPERATOR_TOKEN   (stored in $SECRETS_FILE)
  logs:           $DATA_DIR/silo*.log  $DATA_DIR/frontend.log
  membership:     PGPASSWORD=\$(cat $DATA_DIR/pg/superuser-password) psql -h 127.0.0.1 -p $PG_PORT -U postgres -c 'SELECT address, port, status FROM orleansmembershiptable'

Press Ctrl-C to stop.
EOF

# Foreground until a signal (trap) or until one of our processes dies.
rc=0
wait -n "${SILO_PIDS[@]}" "$FRONTEND_PID" "$KAGI_AZURITE_PID" || rc=$?
kagi_log "a cluster process exited unexpectedly (status $rc)"
show_tails
exit 1
