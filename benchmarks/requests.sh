#!/usr/bin/env bash
# shellcheck disable=SC2317 # (functions run from traps look unreachable to shellcheck)
# P5 benchmark (issue 15): requesters of one tenant submitting access requests while approvers approve them, against
# one durable write per operation to the same Azurite, alternated in rounds (medians), plus the calls each grain type
# received per second and its activations, read from the silo's Prometheus scrape (/operator/metrics) around each
# Kagi run, to show no hot grain. Starts Kagi as http.sh does (run.sh: Azurite, a silo with its operator listener, the
# Frontend; scripts/lib.sh: a private PostgreSQL as the target) and writes benchmarks/results/requests-<UTC stamp>.md.
#
#   benchmarks/requests.sh [seconds measured per run] [requesters] [rounds]     # defaults 20, 500, 3
#   KAGI_BENCH_REQUESTS_PORT_BASE (default 28150): Frontend on it, Azurite +2, PostgreSQL +3, the silo +4, its
#   gateway +5, its operator listener +6. KAGI_SKIP_BUILD=1 runs the Release builds already in bin/.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

SECONDS_MEASURED="${1:-20}" REQUESTERS="${2:-500}" ROUNDS="${3:-3}"
BASE="${KAGI_BENCH_REQUESTS_PORT_BASE:-28150}"
FRONTEND_PORT=$BASE AZURITE_PORT=$((BASE + 2)) PG_PORT=$((BASE + 3)) OPERATOR_PORT=$((BASE + 6))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

kagi_npm_ci
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-requests-bench.XXXXXX")"
# PostgreSQL runs as its own user, which must reach its folder.
chmod 755 "$TMP"
RUN_PID=""
cleanup() {
    set +e
    # run.sh stops the Frontend, the silo and Azurite in order when it is told to stop.
    [ -z "$RUN_PID" ] || kagi_stop_pid "$RUN_PID" 150
    kagi_stop_postgres "$TMP/pg"
    rm -rf "$TMP"
}
trap cleanup EXIT

if [ "${KAGI_SKIP_BUILD:-}" != 1 ]; then
    kagi_log "building Silo, Frontend and Kagi.Benchmarks (Release)"
    dotnet build Silo/Silo.csproj -c Release -v q -nologo
    dotnet build Frontend/Frontend.csproj -c Release -v q -nologo
    dotnet build benchmarks/Kagi.Benchmarks -c Release -v q -nologo
fi

kagi_start_postgres "$TMP/pg" "$PG_PORT"
PG_ADMIN="$(kagi_pg_admin_connection "$TMP/pg" "$PG_PORT")"

KAGI_OPERATOR_TOKEN="$(kagi_random_alnum 40)"
# Sign-ins are limited per source and tenant by default; the setup signs every requester in from one address.
# The target is on loopback, which only the operator may open (Egress). Only the silo reads KAGI_OPERATOR_URLS.
KAGI_DATA_DIR="$TMP/kagi" KAGI_SKIP_BUILD=1 KAGI_URLS="http://127.0.0.1:$FRONTEND_PORT" \
    KAGI_AZURITE_PORT="$AZURITE_PORT" KAGI_SILO_PORT=$((BASE + 4)) KAGI_GATEWAY_PORT=$((BASE + 5)) \
    KAGI_OPERATOR_URLS="http://127.0.0.1:$OPERATOR_PORT" \
    KAGI_MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)" KAGI_OPERATOR_TOKEN="$KAGI_OPERATOR_TOKEN" \
    KAGI_RATE_LIMIT_SIGNIN_PER_SOURCE=1000000 KAGI_RATE_LIMIT_SIGNIN_PER_TENANT=1000000 \
    KAGI_EGRESS_ALLOW="127.0.0.1:$PG_PORT" \
    ./run.sh >"$TMP/run.log" 2>&1 &
RUN_PID=$!
for ((i = 0; i < 240; i++)); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$FRONTEND_PORT/health/ready" 2>/dev/null && break
    kagi_pid_alive "$RUN_PID" || { cat "$TMP/run.log" >&2; kagi_die "run.sh exited"; exit 1; }
    sleep 0.5
done
curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$FRONTEND_PORT/health/ready" || { cat "$TMP/run.log" >&2; kagi_die "Kagi did not become ready"; exit 1; }

mkdir -p benchmarks/results
RESULT="benchmarks/results/requests-$(date -u +%Y%m%dT%H%M%SZ).md"
dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll requests "http://127.0.0.1:$FRONTEND_PORT" "$KAGI_OPERATOR_TOKEN" \
    "http://127.0.0.1:$OPERATOR_PORT" "$PG_ADMIN" "$(kagi_storage_connection "$AZURITE_PORT")" "$RESULT" "$SECONDS_MEASURED" "$REQUESTERS" "$ROUNDS"
kagi_log "results written to $RESULT"
