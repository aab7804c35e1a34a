#!/usr/bin/env bash
# Restore speed against the store's own pace, in one run: fills a private Azurite with a synthetic tenant (the
# backup benchmark's generator: real store layout), backs it up, then on a second, empty Azurite measures the raw
# rate it accepts a restore's two kinds of write from .NET (one-row writes into partitions of their own, as grain
# state; 100-row transactions into one partition, as audit records) with N writes in flight, at the archive's own
# sizes and at a quarter and a half of them (Azurite's cost per one-row write grows with the table), and times
# `kagictl restore` into it. Writes benchmarks/results/restore-<UTC timestamp>.md with the raw rates, the
# restore's rate per table, the time projected for the goal size and the load average around each step.
#
#   benchmarks/restore.sh [accounts] [audit records]    # default 5000 50000
#   KAGI_BENCH_AZURITE_PORT (default 10194; the second Azurite uses the next port)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

ACCOUNTS="${1:-5000}"
AUDIT="${2:-50000}"
GOAL_ACCOUNTS=100000
GOAL_AUDIT=1000000
PORT_A="${KAGI_BENCH_AZURITE_PORT:-10194}"
BENCH_NAME=restore
# shellcheck source=two-azurites.sh
source benchmarks/two-azurites.sh

kagi_log "generating tenant $TENANT: $ACCOUNTS accounts, $AUDIT audit records"
GENERATE_LOAD0="$(load)"
"${BENCH[@]}" synthetic-tenant "$(kagi_storage_connection "$PORT_A")" "$KAGI_SERVICE_ID" "$TENANT" "$ACCOUNTS" "$AUDIT" >"$TMP/generate.txt"
GENERATE_LOAD="$GENERATE_LOAD0 → $(load)"
KAGI_STORAGE_CONNECTION="$(kagi_storage_connection "$PORT_A")" "${KAGICTL[@]}" backup --key-file "$TMP/backup.key" --out "$TMP/bench.kagibak" 2>"$TMP/backup.err"

kagi_log "raw rates on the empty second Azurite"
RATES_LOAD0="$(load)"
# At a quarter, a half and all of the archive's sizes (one-row writes with 64 in flight), then the in-flight
# comparison at the full size.
"${BENCH[@]}" restore-rates "$(kagi_storage_connection "$PORT_B")" $((ACCOUNTS / 4)) $((AUDIT / 4)) 64 >"$TMP/rates.tsv"
"${BENCH[@]}" restore-rates "$(kagi_storage_connection "$PORT_B")" $((ACCOUNTS / 2)) $((AUDIT / 2)) 64 >>"$TMP/rates.tsv"
"${BENCH[@]}" restore-rates "$(kagi_storage_connection "$PORT_B")" "$ACCOUNTS" "$AUDIT" 1,16,64 >>"$TMP/rates.tsv"
RATES_LOAD="$RATES_LOAD0 → $(load)"

kagi_log "kagictl restore"
RESTORE_LOAD0="$(load)"
t0=$(date +%s.%N)
RESTORE_EXIT=0
KAGI_STORAGE_CONNECTION="$(kagi_storage_connection "$PORT_B")" "${KAGICTL[@]}" restore --key-file "$TMP/backup.key" --in "$TMP/bench.kagibak" \
    >"$TMP/restore.txt" 2>"$TMP/restore.err" || RESTORE_EXIT=$?
RESTORE="$(seconds "$t0" "$(date +%s.%N)")"
RESTORE_LOAD="$RESTORE_LOAD0 → $(load)"

# Seconds kagictl took per table ("restore KagiAudit: 50,000 rows in 57.2 s").
table_seconds() { sed -n "s/^restore $1: .* rows in \([0-9.]*\) s$/\1/p" "$TMP/restore.err" | tail -n1; }
raw_seconds() { awk -F'\t' -v k="$1" -v n="$2" -v r="$3" '$1==k && $2==n && $3==r {print $4}' "$TMP/rates.tsv" | tail -n1; }
STATE_S="$(table_seconds KagiGrains)"
AUDIT_S="$(table_seconds KagiAudit)"
table_rows() { sed -n "s/^restore $1: \([0-9,]*\) rows in .*$/\1/p" "$TMP/restore.err" | tail -n1 | tr -d ,; }
STATE_ROWS="$(table_rows KagiGrains)"
AUDIT_ROWS="$(table_rows KagiAudit)"
RAW_HALF="$(raw_seconds single-upsert 64 $((ACCOUNTS / 2)))"
RAW_FULL="$(raw_seconds single-upsert 64 "$ACCOUNTS")"
RAW_BATCH="$(raw_seconds batch-100 64 "$AUDIT")"
RAW_OWN_HALF="$(raw_seconds single-upsert-own-rowkey 64 $((ACCOUNTS / 2)))"
RAW_OWN_FULL="$(raw_seconds single-upsert-own-rowkey 64 "$ACCOUNTS")"
# One-row writes: Azurite's cost per write grows with the rows already in the table, so the time is projected with
# the exponent the raw rates show between half and all of the size (t ∝ n^k); audit transactions linearly.
PROJECTION="$(awk -v h="$RAW_HALF" -v f="$RAW_FULL" -v s="$STATE_S" -v a="$AUDIT_S" -v n="$ACCOUNTS" -v m="$AUDIT" \
    -v gn="$GOAL_ACCOUNTS" -v gm="$GOAL_AUDIT" -v total="$RESTORE" 'BEGIN{
    k = log(f / h) / log(2); if (k < 1) k = 1;
    state = s * (gn / n) ^ k; audit = a * gm / m; other = total - s - a;
    printf "%.2f\t%.0f\t%.0f\t%.0f\t%.0f", k, state, audit, other * gm / m, state + audit + other * gm / m }')"
IFS=$'\t' read -r EXPONENT P_STATE P_AUDIT P_OTHER P_TOTAL <<<"$PROJECTION"

mkdir -p benchmarks/results
RESULT="benchmarks/results/restore-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# Kagi restore speed against the store's raw rate, $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), **shared with other builds and test runs while this ran** (load averages below); table store: two local Azurites (azurite-table $(node -p 'require("./node_modules/azurite/package.json").version'), in memory, one node process each)."
    echo "Synthetic tenant \`$TENANT\`: $ACCOUNTS accounts, $AUDIT audit records (\`Kagi.Benchmarks synthetic-tenant\`, real store layout; load $GENERATE_LOAD)."
    echo
    echo "## Raw rates (\`Kagi.Benchmarks restore-rates\`, each into an empty table; load $RATES_LOAD)"
    echo
    echo "| Write | In flight | Rows | Seconds | Rows/s |"
    echo "|---|---|---|---|---|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s |\n", ($1=="single-upsert" ? "one-row upsert, own partition, shared row key (grain state)" : $1=="single-upsert-own-rowkey" ? "one-row upsert, own partition, own row key" : "100-row transaction, one partition"), $2, $3, $4, $5}' "$TMP/rates.tsv"
    echo
    echo "## \`kagictl restore\` (load $RESTORE_LOAD)"
    echo
    if [ "$RESTORE_EXIT" -ne 0 ]; then echo "**restore FAILED (exit $RESTORE_EXIT), see below.**"; echo; fi
    echo "| | Rows | Seconds | Rows/s | Raw rate, same size, 64 in flight |"
    echo "|---|---|---|---|---|"
    awk -v r="$STATE_ROWS" -v s="$STATE_S" -v raw="$RAW_FULL" -v n="$ACCOUNTS" 'BEGIN{printf "| grain state (one-row partitions) | %d | %s | %.0f | %.0f rows/s (%d rows) |\n", r, s, r/s, n/raw, n}'
    awk -v r="$AUDIT_ROWS" -v s="$AUDIT_S" -v raw="$RAW_BATCH" -v m="$AUDIT" 'BEGIN{printf "| audit records (100-row transactions) | %d | %s | %.0f | %.0f rows/s (%d rows) |\n", r, s, r/s, m/raw, m}'
    echo "| whole command (verify archive, write, audit chains, read-back, secrets, reminders) | | $RESTORE | | |"
    echo
    echo "## Projected for the goal size ($GOAL_ACCOUNTS accounts, $GOAL_AUDIT audit records), at this run's load"
    echo
    echo "One-row writes grow as n^$EXPONENT here (raw rates, half → full size); the rest linearly."
    awk -v h="$RAW_OWN_HALF" -v f="$RAW_OWN_FULL" -v s="$RAW_FULL" -v n="$ACCOUNTS" 'BEGIN{
        printf "The same rows with a row key of their own each grow as n^%.2f and take %.1f s instead of %.1f s at %d rows ", log(f / h) / log(2), f, s, n;
        print "(Orleans gives all state rows of a grain type one row key, and Azurite looks an entity up by its row key first and scans the rows that share it)." }'
    echo
    echo "| Part | Projected |"
    echo "|---|---|"
    echo "| grain state | ${P_STATE} s |"
    echo "| audit records | ${P_AUDIT} s |"
    echo "| verify, checkpoints, checks, start-up | ${P_OTHER} s |"
    echo "| **restore, total** | **${P_TOTAL} s** (goal ≤ 300 s) |"
    echo
    echo "## Output"
    echo '```'
    cat "$TMP/generate.txt" "$TMP/backup.err" "$TMP/restore.err" "$TMP/restore.txt"
    echo '```'
} >"$RESULT"
cat "$RESULT"
kagi_log "results written to $RESULT"
