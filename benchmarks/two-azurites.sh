# shellcheck shell=bash
# Sourced by backup.sh, which measures a backup's way from one store into another: builds the
# benchmark tool and kagictl, starts two private in-memory Azurites on PORT_A and PORT_A + 1 (with room for the
# goal size, about 2 GiB of node heap each at 1.1 million rows) in a temp dir removed on exit, and draws a master
# key, a backup key and a tenant name.
# Expects PORT_A and BENCH_NAME; sets PORT_B, TMP, TENANT, KAGICTL and BENCH, and defines seconds and load.
PORT_B=$((PORT_A + 1))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

kagi_npm_ci
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-$BENCH_NAME-bench.XXXXXX")"
cleanup() {
    kagi_stop_azurite "$TMP/a/azurite.pid"
    kagi_stop_azurite "$TMP/b/azurite.pid"
    rm -rf "$TMP"
}
trap cleanup EXIT

dotnet build benchmarks/Kagi.Benchmarks -c Release -v q -nologo
dotnet build Tools/Kagictl -c Release -v q -nologo
KAGI_AZURITE_IN_MEMORY=1 NODE_OPTIONS="--max-old-space-size=6144" kagi_start_azurite "$TMP/a" "$PORT_A"
KAGI_AZURITE_IN_MEMORY=1 NODE_OPTIONS="--max-old-space-size=6144" kagi_start_azurite "$TMP/b" "$PORT_B"

KAGI_MASTER_KEY="$(openssl rand -base64 32)"
export KAGI_MASTER_KEY KAGI_SERVICE_ID="kagi-bench"
openssl rand -out "$TMP/backup.key" 32
TENANT="bench-$(kagi_random_alnum 8 | tr '[:upper:]' '[:lower:]')"
KAGICTL=(dotnet Tools/Kagictl/bin/Release/net10.0/kagictl.dll)
BENCH=(dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll)

seconds() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
# The 1-minute load average: on a shared machine the times mean little without it.
load() { cut -d' ' -f1 /proc/loadavg; }
