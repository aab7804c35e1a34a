#!/usr/bin/env bash
# Audit append benchmark: starts a private Azurite, measures the raw single-insert and 100-entity
# batch-insert rates and the audit log's group-commit append rate in the same run, and writes
# benchmarks/results/audit-append-<UTC timestamp>.txt.
#
#   benchmarks/run.sh [events]     # default 20000; KAGI_BENCH_AZURITE_PORT (default 10190)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

PORT="${KAGI_BENCH_AZURITE_PORT:-10190}"
EVENTS="${1:-20000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

kagi_npm_ci
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-bench.XXXXXX")"
cleanup() {
    kagi_stop_azurite "$TMP/azurite/azurite.pid"
    rm -rf "$TMP"
}
trap cleanup EXIT

dotnet build benchmarks/Kagi.Benchmarks -c Release -v q -nologo
kagi_start_azurite "$TMP/azurite" "$PORT"
mkdir -p benchmarks/results
RESULT="benchmarks/results/audit-append-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll "$(kagi_storage_connection "$PORT")" "$RESULT" "$EVENTS"
kagi_log "results written to $RESULT"
