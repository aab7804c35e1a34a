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
# shellcheck source=kagi-up.sh
source benchmarks/kagi-up.sh

SECONDS_MEASURED="${1:-10}"
BASE="${KAGI_BENCH_HTTP_PORT_BASE:-28050}"
BASELINE_PORT=$((BASE + 1)) BASELINE_PID=""
kagi_bench_before_cleanup() { [ -z "$BASELINE_PID" ] || kagi_stop_pid "$BASELINE_PID" 10; }
kagi_bench_up http "$BASE"

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
