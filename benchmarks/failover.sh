#!/usr/bin/env bash
# Failover benchmark: runs the failover tests (two Silo processes and a Frontend on PostgreSQL
# membership and Azurite, readers and idempotent writers; one silo SIGKILLed, then a rolling restart)
# through ./test.sh, which starts the services, and writes their figures (time to first success after
# the disruption, requests delayed over 1 s and for how long, latencies, writes repeated by the client)
# to benchmarks/results/failover-<UTC timestamp>.txt. The tests fail, and so does this script, if any
# request was noticed.
#
#   benchmarks/failover.sh          # KAGI_TEST_* ports as for ./test.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

mkdir -p benchmarks/results
RESULT="$PWD/benchmarks/results/failover-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "Kagi failover benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo
} >"$RESULT"
KAGI_FAILOVER_RESULTS="$RESULT" ./test.sh --filter "FullyQualifiedName~Kagi.Tests.EndToEnd.FailoverTests"
echo "results written to $RESULT"
