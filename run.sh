#!/usr/bin/env bash
# shellcheck disable=SC2317 # (functions run from traps look unreachable to shellcheck)
# Starts Kagi for a developer on the embedded default: Azurite (table storage) + one silo with
# localhost clustering + the Frontend. Data and development secrets live in .data/ (gitignored)
# and survive restarts. Ctrl-C, SIGTERM or SIGHUP stops everything, in order: the Frontend drains,
# the silo finishes its calls and deactivates its grains, then Azurite saves its tables (SIGINT).
#
# Environment (all optional):
#   KAGI_URLS            Frontend listen URL(s)            default http://127.0.0.1:8080
#   KAGI_DATA_DIR        data, logs, pid files             default .data (in the checkout)
#   KAGI_AZURITE_PORT    Azurite table port                default 10002
#   KAGI_SILO_PORT       Orleans silo port                 default 11111
#   KAGI_GATEWAY_PORT    Orleans gateway port              default 30000
#   KAGI_MASTER_KEY      32-byte base64 master key         default from $KAGI_DATA_DIR/dev-secrets.env
#   KAGI_OPERATOR_TOKEN  operator bearer token             default from $KAGI_DATA_DIR/dev-secrets.env
#   KAGI_SKIP_BUILD      1: run the Release build already in bin/ instead of building first
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DATA_DIR="${KAGI_DATA_DIR:-.data}"
SECRETS_FILE="$DATA_DIR/dev-secrets.env"
AZURITE_PORT="${KAGI_AZURITE_PORT:-10002}"
export KAGI_SILO_PORT="${KAGI_SILO_PORT:-11111}" KAGI_GATEWAY_PORT="${KAGI_GATEWAY_PORT:-30000}"
export KAGI_URLS="${KAGI_URLS:-http://127.0.0.1:8080}"

# First URL of the (';'-separated) list, and a form of it that curl can reach.
FIRST_URL="${KAGI_URLS%%;*}"
FIRST_URL="${FIRST_URL%/}"
url_rest="${FIRST_URL#*://}"
url_scheme="${FIRST_URL%%://*}"
url_hostport="${url_rest%%/*}"
if [[ "$url_hostport" =~ :([0-9]+)$ ]]; then
    FRONTEND_PORT="${BASH_REMATCH[1]}"
    url_host="${url_hostport%:*}"
else
    url_host="$url_hostport"
    if [ "$url_scheme" = https ]; then FRONTEND_PORT=443; else FRONTEND_PORT=80; fi
fi
case "$url_host" in
    0.0.0.0 | '*' | + | '[::]' | '') url_host=127.0.0.1 ;;
esac
BASE_URL="$url_scheme://$url_host:$FRONTEND_PORT"

mkdir -p "$DATA_DIR/azurite"
chmod 700 "$DATA_DIR"

# Only one run.sh per data directory: it owns it.
kagi_claim_data_dir "$DATA_DIR/run.pid" run.sh "Kagi"

# A run.sh that was killed hard leaves its children behind; clean those up first.
kagi_stop_stale "$DATA_DIR/frontend.pid" Kagi.Frontend.dll
kagi_stop_stale "$DATA_DIR/silo.pid" Kagi.Silo.dll 90
kagi_stop_stale "$DATA_DIR/azurite/azurite.pid" azurite-table 60 INT

kagi_require_free_port "$FRONTEND_PORT" "Kagi Frontend, from KAGI_URLS"
kagi_require_free_port "$KAGI_SILO_PORT" "Orleans silo, KAGI_SILO_PORT"
kagi_require_free_port "$KAGI_GATEWAY_PORT" "Orleans gateway, KAGI_GATEWAY_PORT"
kagi_require_free_port "$AZURITE_PORT" "Azurite, KAGI_AZURITE_PORT"

# --- development secrets: stable across restarts, or encrypted data becomes unreadable ----
if [ -z "${KAGI_MASTER_KEY:-}" ] || [ -z "${KAGI_OPERATOR_TOKEN:-}" ]; then
    if [ ! -f "$SECRETS_FILE" ]; then
        (
            umask 077
            {
                echo "# Kagi development secrets, made by run.sh. Keep them: data is encrypted with the key."
                echo "KAGI_MASTER_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
                echo "KAGI_OPERATOR_TOKEN=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')"
            } >"$SECRETS_FILE.tmp"
        )
        mv "$SECRETS_FILE.tmp" "$SECRETS_FILE"
        kagi_log "generated development secrets in $SECRETS_FILE"
    fi
    chmod 600 "$SECRETS_FILE"
    secret_value() { sed -n "s/^$1=//p" "$SECRETS_FILE" | tail -n1; }
    [ -n "${KAGI_MASTER_KEY:-}" ] || KAGI_MASTER_KEY="$(secret_value KAGI_MASTER_KEY)"
    [ -n "${KAGI_OPERATOR_TOKEN:-}" ] || KAGI_OPERATOR_TOKEN="$(secret_value KAGI_OPERATOR_TOKEN)"
    if [ -z "$KAGI_MASTER_KEY" ] || [ -z "$KAGI_OPERATOR_TOKEN" ]; then
        kagi_die "$SECRETS_FILE lacks KAGI_MASTER_KEY or KAGI_OPERATOR_TOKEN; fix it or set them in the environment"
        exit 1
    fi
fi
export KAGI_MASTER_KEY KAGI_OPERATOR_TOKEN

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
SILO_PID=""
FRONTEND_PID=""
AZURITE_STARTED=""

show_tails() {
    local f
    for f in "$DATA_DIR/silo.log" "$DATA_DIR/frontend.log" "$DATA_DIR/azurite/azurite.log"; do
        [ -s "$f" ] || continue
        echo "----- last lines of $f -----" >&2
        tail -n 25 "$f" >&2
    done
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    set +e
    if [ -n "$FRONTEND_PID$SILO_PID$AZURITE_STARTED" ]; then
        kagi_log "stopping Kagi"
    fi
    # In order, each waited for: the Frontend answers what it has accepted (ASP.NET drains for
    # up to 30 s), the silo finishes its calls and deactivates its grains (up to 60 s, set in
    # Silo/Program.cs), and only then Azurite, which saves its tables on SIGINT.
    [ -z "$FRONTEND_PID" ] || kagi_stop_pid "$DATA_DIR/frontend.pid" 45
    [ -z "$SILO_PID" ] || kagi_stop_pid "$DATA_DIR/silo.pid" 90
    [ -z "$AZURITE_STARTED" ] || kagi_stop_azurite "$DATA_DIR/azurite/azurite.pid"
    rm -f "$DATA_DIR/run.pid"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

export KAGI_STORAGE_CONNECTION KAGI_CLUSTERING=localhost
KAGI_STORAGE_CONNECTION="$(kagi_storage_connection "$AZURITE_PORT")"

[ ! -f "$DATA_DIR/azurite/azurite.log" ] || mv -f "$DATA_DIR/azurite/azurite.log" "$DATA_DIR/azurite/azurite.prev.log"
AZURITE_STARTED=1
kagi_start_azurite "$DATA_DIR/azurite" "$AZURITE_PORT"

for f in silo frontend; do
    [ ! -f "$DATA_DIR/$f.log" ] || mv -f "$DATA_DIR/$f.log" "$DATA_DIR/$f.prev.log"
done

# Each in a session of its own (setsid execs, so $! is the process): a Ctrl-C at the terminal
# reaches run.sh alone, whose cleanup stops them in order.
setsid dotnet "$SILO_DLL" >"$DATA_DIR/silo.log" 2>&1 </dev/null &
SILO_PID=$!
echo "$SILO_PID" >"$DATA_DIR/silo.pid"

setsid dotnet "$FRONTEND_DLL" >"$DATA_DIR/frontend.log" 2>&1 </dev/null &
FRONTEND_PID=$!
echo "$FRONTEND_PID" >"$DATA_DIR/frontend.pid"

kagi_log "waiting for $BASE_URL/health/ready (silo pid $SILO_PID, frontend pid $FRONTEND_PID)"
ready=""
for ((i = 0; i < 180; i++)); do
    for p in "$SILO_PID" "$FRONTEND_PID" "$KAGI_AZURITE_PID"; do
        if ! kagi_pid_alive "$p"; then
            show_tails
            kagi_die "a Kagi process (pid $p) exited during start-up; see the logs above"
            exit 1
        fi
    done
    if curl -fsS -o /dev/null --max-time 2 "$BASE_URL/health/ready" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.5
done
if [ -z "$ready" ]; then
    show_tails
    kagi_die "$BASE_URL/health/ready did not answer 200 within 90 s"
    exit 1
fi

cat <<EOF

Kagi is running at $BASE_URL
  operator token: $KAGI_OPERATOR_TOKEN   (stored in $SECRETS_FILE)
  logs:           $DATA_DIR/silo.log  $DATA_DIR/frontend.log  $DATA_DIR/azurite/azurite.log

Begin with (README.md walks through the rest), in another terminal:

  export KAGI_OPERATOR_TOKEN='$KAGI_OPERATOR_TOKEN'
  curl -sS -X POST "$BASE_URL/api/tenants" -H "Authorization: Bearer \$KAGI_OPERATOR_TOKEN" -H 'Content-Type: application/json' -d '{"id":"acme","name":"Acme","adminUsername":"alice","adminPassword":"Correct-Horse-42!"}'

Press Ctrl-C to stop.
EOF

# Foreground until Ctrl-C (trap) or until one of our processes dies.
rc=0
wait -n "$SILO_PID" "$FRONTEND_PID" "$KAGI_AZURITE_PID" || rc=$?
for p in "$SILO_PID:silo" "$FRONTEND_PID:Frontend" "$KAGI_AZURITE_PID:Azurite"; do
    kagi_pid_alive "${p%%:*}" || kagi_log "${p#*:} (pid ${p%%:*}) exited unexpectedly (status $rc)"
done
show_tails
exit 1
