#!/usr/bin/env bash
# Backup and restore benchmark: starts two private Azurites, fills the first with a synthetic tenant in the
# real store layout (accounts with sealed passwords written by the silo's own grain storage provider, audit
# records appended through the real AuditLogGrain), then times `kagictl backup`, `verify-backup` and
# `restore` into the empty second one (the restore includes its checks: the whole audit chain verified,
# sampled secrets opened), and writes benchmarks/results/backup-<UTC timestamp>.md.
#
#   benchmarks/backup.sh [accounts] [audit records]    # default 100000 1000000
#   KAGI_BENCH_AZURITE_PORT (default 10192; the second Azurite uses the next port)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

ACCOUNTS="${1:-100000}"
AUDIT="${2:-1000000}"
PORT_A="${KAGI_BENCH_AZURITE_PORT:-10192}"
PORT_B=$((PORT_A + 1))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

kagi_npm_ci
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-backup-bench.XXXXXX")"
cleanup() {
    kagi_stop_azurite "$TMP/a/azurite.pid"
    kagi_stop_azurite "$TMP/b/azurite.pid"
    rm -rf "$TMP"
}
trap cleanup EXIT

dotnet build benchmarks/Kagi.Benchmarks -c Release -v q -nologo
dotnet build Tools/Kagictl -c Release -v q -nologo
kagi_start_azurite "$TMP/a" "$PORT_A"
kagi_start_azurite "$TMP/b" "$PORT_B"

KAGI_MASTER_KEY="$(openssl rand -base64 32)"
export KAGI_MASTER_KEY KAGI_SERVICE_ID="kagi-bench"
openssl rand -out "$TMP/backup.key" 32
TENANT="bench-$(kagi_random_alnum 8 | tr '[:upper:]' '[:lower:]')"
KAGICTL=(dotnet Tools/Kagictl/bin/Release/net10.0/kagictl.dll)

seconds() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
# Runs a command under /usr/bin/time; sets ELAPSED (s) and PEAK (peak resident memory, MiB).
measure() {
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$TMP/time" "$@"
    t1=$(date +%s.%N)
    ELAPSED="$(seconds "$t0" "$t1")"
    PEAK=$(($(tail -n1 "$TMP/time") / 1024))
}

kagi_log "generating tenant $TENANT: $ACCOUNTS accounts, $AUDIT audit records"
t0=$(date +%s.%N)
dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll synthetic-tenant \
    "$(kagi_storage_connection "$PORT_A")" "$KAGI_SERVICE_ID" "$TENANT" "$ACCOUNTS" "$AUDIT" | tee "$TMP/generate.txt"
GENERATE="$(seconds "$t0" "$(date +%s.%N)")"

export KAGI_STORAGE_CONNECTION
KAGI_STORAGE_CONNECTION="$(kagi_storage_connection "$PORT_A")"
measure "${KAGICTL[@]}" backup --key-file "$TMP/backup.key" --out "$TMP/bench.kagibak" 2>"$TMP/backup.err"
BACKUP="$ELAPSED" BACKUP_PEAK="$PEAK"
SIZE=$(stat -c %s "$TMP/bench.kagibak")
measure "${KAGICTL[@]}" verify-backup --key-file "$TMP/backup.key" --in "$TMP/bench.kagibak" >"$TMP/verify.txt" 2>"$TMP/verify.err"
VERIFY="$ELAPSED" VERIFY_PEAK="$PEAK"

KAGI_STORAGE_CONNECTION="$(kagi_storage_connection "$PORT_B")"
measure "${KAGICTL[@]}" restore --key-file "$TMP/backup.key" --in "$TMP/bench.kagibak" >"$TMP/restore.txt" 2>"$TMP/restore.err"
RESTORE="$ELAPSED" RESTORE_PEAK="$PEAK"

mkdir -p benchmarks/results
RESULT="benchmarks/results/backup-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# Kagi backup and restore benchmark, $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); table store: two local Azurites (in-memory, one process each)."
    echo "Synthetic tenant \`$TENANT\`: $ACCOUNTS accounts (sealed passwords, grain state rows), $AUDIT audit records (through AuditLogGrain)."
    echo
    echo "| Step | Time | Peak memory |"
    echo "|---|---|---|"
    echo "| generate (not part of RPO/RTO) | ${GENERATE} s | — |"
    echo "| \`kagictl backup\` | ${BACKUP} s | ${BACKUP_PEAK} MiB |"
    echo "| \`kagictl verify-backup\` | ${VERIFY} s | ${VERIFY_PEAK} MiB |"
    echo "| \`kagictl restore\` into an empty account (verify, write, check) | ${RESTORE} s | ${RESTORE_PEAK} MiB |"
    echo
    echo "Archive: $SIZE bytes ($(awk -v s="$SIZE" 'BEGIN{printf "%.1f MiB", s/1048576}'))."
    echo
    echo "## Generator"
    echo '```'
    cat "$TMP/generate.txt"
    echo '```'
    echo "## verify-backup"
    echo '```'
    cat "$TMP/verify.txt"
    echo '```'
    echo "## restore"
    echo '```'
    cat "$TMP/restore.txt"
    echo '```'
} >"$RESULT"
cat "$RESULT"
kagi_log "results written to $RESULT"
