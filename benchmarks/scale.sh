#!/usr/bin/env bash
# Scale benchmark (issue 15, P4): in one silo process with Kagi's own wiring, the managed heap per active account
# grain, idle account grains collected by the silo's collection ages, and the cost of the first and the 1,000th
# page of the tenant's account listing (plain, by status, by target) as its inventory grows, beside the table
# store's own query and raw write rate at each size (see benchmarks/Kagi.Benchmarks/ScaleBenchmark.cs). Starts a
# private in-memory Azurite (its resident memory is reported at each size) and writes
# benchmarks/results/scale-<UTC stamp>.md with the load average before and after.
#
#   benchmarks/scale.sh [memory sizes] [listing sizes]     # defaults 10000,20000 and 10000,100000,200000
#   KAGI_BENCH_SCALE_PORT_BASE (default 28300): Azurite listens on it. KAGI_SKIP_BUILD=1 runs the Release build in bin/.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

MEMORY_SIZES="${1:-10000,20000}" LISTING_SIZES="${2:-10000,100000,200000}"
AZURITE_PORT="${KAGI_BENCH_SCALE_PORT_BASE:-28300}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

kagi_npm_ci
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-scale-bench.XXXXXX")"
cleanup() {
    kagi_stop_azurite "$TMP/azurite/azurite.pid"
    rm -rf "$TMP"
}
trap cleanup EXIT

if [ "${KAGI_SKIP_BUILD:-}" != 1 ]; then
    dotnet build benchmarks/Kagi.Benchmarks -c Release -v q -nologo
fi
# In memory only, with room for a large inventory (about 2 GiB of node heap at 1.1 million rows).
KAGI_AZURITE_IN_MEMORY=1 NODE_OPTIONS="--max-old-space-size=8192" kagi_start_azurite "$TMP/azurite" "$AZURITE_PORT"

load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_BEFORE="$(load)" STARTED=$(date +%s)
dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll scale \
    "$(kagi_storage_connection "$AZURITE_PORT")" "$(cat "$TMP/azurite/azurite.pid")" "$TMP/scale.md" "$MEMORY_SIZES" "$LISTING_SIZES"
LOAD_AFTER="$(load)" TOOK=$(($(date +%s) - STARTED))

mkdir -p benchmarks/results
RESULT="benchmarks/results/scale-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# Kagi scale benchmark (issue 15, P4), $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version); table store: a local Azurite (azurite-table $(node -p 'require("./node_modules/azurite/package.json").version'), in memory, one node process). The machine is shared with other builds and benchmarks running at the same time, so absolute times are inflated: load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER; the run took $TOOK s."
    echo
    cat "$TMP/scale.md"
} >"$RESULT"
cat "$RESULT"
kagi_log "results written to $RESULT"
