#!/usr/bin/env bash
# shellcheck disable=SC2317 # (functions run from traps look unreachable to shellcheck)
# HTTP benchmark (issue 15): starts Kagi with the project's own scripts (run.sh: Azurite, a silo and the Frontend;
# scripts/lib.sh: a private PostgreSQL as the target), the bare ASP.NET + one grain call process beside it, then
# measures in alternating rounds (medians of 3), from a .NET load generator (Kagi.Benchmarks http):
#   P1 GET /accounts/{id} with a bearer token   vs ASP.NET + one grain call (the same grain call)
#   P2 POST /auth/login                         vs libsodium Argon2id (m=19 MiB, t=2) on every core
#   P3 POST /accounts/{id}/rotate, pacing lifted vs ALTER ROLE + fresh SCRAM login pairs
#   P5 500 requesters' submit + approve          vs one durable Azurite write
# and writes benchmarks/results/http-<UTC timestamp>.md.
#
#   benchmarks/http.sh [seconds measured per run]     # default 10
#   KAGI_BENCH_HTTP_PORT_BASE (default 28050): Frontend on it, the baseline on +1, Azurite +2, PostgreSQL +3,
#   the silo +4 and its gateway +5. KAGI_SKIP_BUILD=1 runs the Release builds already in bin/.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

SECONDS_MEASURED="${1:-10}"
BASE="${KAGI_BENCH_HTTP_PORT_BASE:-28050}"
FRONTEND_PORT=$BASE BASELINE_PORT=$((BASE + 1)) AZURITE_PORT=$((BASE + 2)) PG_PORT=$((BASE + 3))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

kagi_npm_ci
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-http-bench.XXXXXX")"
# PostgreSQL runs as its own user, which must reach its folder.
chmod 755 "$TMP"
RUN_PID="" BASELINE_PID=""
cleanup() {
    set +e
    [ -z "$BASELINE_PID" ] || kagi_stop_pid "$BASELINE_PID" 10
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
# Sign-ins are limited per source and tenant by default; the benchmark signs in from one address as fast as it can.
# The target is on loopback, which only the operator may open (Egress).
KAGI_DATA_DIR="$TMP/kagi" KAGI_SKIP_BUILD=1 KAGI_URLS="http://127.0.0.1:$FRONTEND_PORT" \
    KAGI_AZURITE_PORT="$AZURITE_PORT" KAGI_SILO_PORT=$((BASE + 4)) KAGI_GATEWAY_PORT=$((BASE + 5)) \
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

BENCH=(dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll)
"${BENCH[@]}" baseline-web "$BASELINE_PORT" $((BASE + 5)) kagi kagi >"$TMP/baseline.log" 2>&1 &
BASELINE_PID=$!
for ((i = 0; i < 120; i++)); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$BASELINE_PORT/ready" 2>/dev/null && break
    kagi_pid_alive "$BASELINE_PID" || { cat "$TMP/baseline.log" >&2; kagi_die "the baseline exited"; exit 1; }
    sleep 0.5
done

mkdir -p benchmarks/results
RESULT="benchmarks/results/http-$(date -u +%Y%m%dT%H%M%SZ).md"
"${BENCH[@]}" http "http://127.0.0.1:$FRONTEND_PORT" "$KAGI_OPERATOR_TOKEN" "http://127.0.0.1:$BASELINE_PORT" "$PG_ADMIN" \
    "$(kagi_storage_connection "$AZURITE_PORT")" "$RESULT" "$SECONDS_MEASURED"
kagi_log "results written to $RESULT"
