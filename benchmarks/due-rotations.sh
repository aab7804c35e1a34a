#!/usr/bin/env bash
# P3, second half (issue 15): N accounts due in the same minute, all rotated, paced per target, none lost. Starts Kagi
# as http.sh does (benchmarks/kagi-up.sh: run.sh with Azurite, a silo and the Frontend; a private PostgreSQL as the
# target), makes N real roles with SQL, brings them in as accounts by CSV import jobs (at most 5,000 rows each), sets
# the target's pacing, gives every account the same daily cron minute, then measures (Kagi.Benchmarks due-rotations):
# the time until every account has rotated, rotations per 10 s, the reminders' due times from the silo's reminder
# table, the most rotations in any 60 s against the pacing, that each account's history holds exactly one scheduled
# rotation and that each stored password, checked out, logs in to PostgreSQL; then raw ALTER ROLE + fresh SCRAM
# login pairs at the same pacing. Counts the silo's timeouts and failed rotations in its log, and writes
# benchmarks/results/due-rotations-<UTC timestamp>.md.
#
#   benchmarks/due-rotations.sh [accounts] [per minute] [burst]     # defaults 10000, 300 (Kagi's default), 5
#   KAGI_BENCH_DUE_PORT_BASE (default 28250): Frontend on it, Azurite +2, PostgreSQL +3, the silo +4, its gateway +5.
#   KAGI_SKIP_BUILD=1 runs the Release builds already in bin/.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=kagi-up.sh
source benchmarks/kagi-up.sh

ACCOUNTS="${1:-10000}" PER_MINUTE="${2:-300}" BURST="${3:-5}"
kagi_bench_up due "${KAGI_BENCH_DUE_PORT_BASE:-28250}"

mkdir -p benchmarks/results
RESULT="benchmarks/results/due-rotations-$(date -u +%Y%m%dT%H%M%SZ).md"
status=0
"${BENCH[@]}" due-rotations "http://127.0.0.1:$FRONTEND_PORT" "$KAGI_OPERATOR_TOKEN" "$PG_ADMIN" \
    "$(kagi_storage_connection "$AZURITE_PORT")" "$RESULT" "$ACCOUNTS" "$PER_MINUTE" "$BURST" || status=$?
if [ -f "$RESULT" ]; then
    {
        echo
        echo "From the log of run.sh (silo and Frontend): $(grep -c 'TimeoutException' "$TMP/run.log" || true) lines naming a TimeoutException, $(grep -c 'Rotation of .* failed' "$TMP/run.log" || true) failed rotation attempts, $(grep -c 'out of sync' "$TMP/run.log" || true) accounts out of sync."
    } >>"$RESULT"
    kagi_log "results written to $RESULT"
fi
exit "$status"
