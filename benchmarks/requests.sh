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
#   KAGI_BENCH_EXTRA_USERS=N adds N users who never sign in, to show whether a pair's cost grows with the directory.
#   KAGI_TENANT_REQUESTS_IN_FLIGHT (passed on to the Frontend, named in the results) sets the tenant's turns.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=kagi-up.sh
source benchmarks/kagi-up.sh

SECONDS_MEASURED="${1:-20}" REQUESTERS="${2:-500}" ROUNDS="${3:-3}"
BASE="${KAGI_BENCH_REQUESTS_PORT_BASE:-28150}"
OPERATOR_PORT=$((BASE + 6))
# Only the silo reads KAGI_OPERATOR_URLS: the calls per grain are scraped from it.
kagi_bench_up requests "$BASE" KAGI_OPERATOR_URLS="http://127.0.0.1:$OPERATOR_PORT"

mkdir -p benchmarks/results
RESULT="benchmarks/results/requests-$(date -u +%Y%m%dT%H%M%SZ).md"
"${BENCH[@]}" requests "http://127.0.0.1:$FRONTEND_PORT" "$KAGI_OPERATOR_TOKEN" \
    "http://127.0.0.1:$OPERATOR_PORT" "$PG_ADMIN" "$(kagi_storage_connection "$AZURITE_PORT")" "$RESULT" "$SECONDS_MEASURED" "$REQUESTERS" "$ROUNDS"
echo "
The Frontend's turns per tenant: KAGI_TENANT_REQUESTS_IN_FLIGHT=${KAGI_TENANT_REQUESTS_IN_FLIGHT:-64 (the default)}." >>"$RESULT"
kagi_log "results written to $RESULT"
