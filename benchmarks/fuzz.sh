#!/usr/bin/env bash
# JSON body fuzz at a large size: runs BodyFuzzTests through ./test.sh (which starts the real services)
# with many seeded cases per route, and writes benchmarks/results/fuzz-<UTC timestamp>.txt.
#
#   benchmarks/fuzz.sh [cases per route] [seed]    # default 400 cases, seed 10
#   (the KAGI_TEST_*_PORT variables of ./test.sh apply)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

mkdir -p benchmarks/results
export KAGI_FUZZ_CASES="${1:-400}" KAGI_FUZZ_SEED="${2:-10}"
export KAGI_FUZZ_RESULTS="$PWD/benchmarks/results/fuzz-$(date -u +%Y%m%dT%H%M%SZ).txt"
./test.sh --filter "FullyQualifiedName~BodyFuzzTests"
echo "results written to $KAGI_FUZZ_RESULTS"
