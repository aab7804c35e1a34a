#!/usr/bin/env bash
# P4, creation as the tenant grows (issue 15): starts Kagi as http.sh does (benchmarks/kagi-up.sh: run.sh with
# Azurite, a silo and the Frontend; a private PostgreSQL as the target), then grows one tenant by CSV import jobs of
# real roles, one file after another, timing each job beside the same file's logins made raw against the same server
# and the first page of the account listing after it (Kagi.Benchmarks growth). Writes
# benchmarks/results/growth-<UTC timestamp>.md.
#
#   benchmarks/growth.sh [files] [rows a file]     # defaults 6 and 5000 (the README's largest file)
#   KAGI_BENCH_GROWTH_PORT_BASE (default 28350): Frontend on it, Azurite +2, PostgreSQL +3, the silo +4, its gateway +5.
#   KAGI_SKIP_BUILD=1 runs the Release builds already in bin/.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=kagi-up.sh
source benchmarks/kagi-up.sh

FILES="${1:-6}" ROWS="${2:-5000}"
kagi_bench_up growth "${KAGI_BENCH_GROWTH_PORT_BASE:-28350}"

mkdir -p benchmarks/results
RESULT="benchmarks/results/growth-$(date -u +%Y%m%dT%H%M%SZ).md"
"${BENCH[@]}" growth "http://127.0.0.1:$FRONTEND_PORT" "$KAGI_OPERATOR_TOKEN" "$PG_ADMIN" "$RESULT" "$FILES" "$ROWS"
{
    echo
    echo "From the log of run.sh (silo and Frontend): $(grep -c 'TimeoutException' "$TMP/run.log" || true) lines naming a TimeoutException, $(grep -c 'a chunk failed' "$TMP/run.log" || true) import chunks tried again."
} >>"$RESULT"
cat "$RESULT"
kagi_log "results written to $RESULT"
