# shellcheck shell=bash
# shellcheck disable=SC2317 # (functions run from traps look unreachable to shellcheck)
# Sourced by the benchmarks that run Kagi as an operator would (http.sh, due-rotations.sh); do not execute it.
# kagi_bench_up NAME BASE [VAR=value …]: builds Silo, Frontend and Kagi.Benchmarks in Release (unless
# KAGI_SKIP_BUILD=1), starts a private PostgreSQL as the target on BASE+3 (scripts/lib.sh) and Kagi with run.sh
# (Azurite on BASE+2, the silo on BASE+4, its gateway on BASE+5, the Frontend on BASE) with the extra environment
# given, and waits until Kagi is ready. Sets TMP, RUN_PID, FRONTEND_PORT, AZURITE_PORT, PG_PORT, PG_ADMIN and
# KAGI_OPERATOR_TOKEN, and traps EXIT to stop everything (a caller's kagi_bench_before_cleanup runs first).

# shellcheck source=../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
BENCH=(dotnet benchmarks/Kagi.Benchmarks/bin/Release/net10.0/Kagi.Benchmarks.dll)

kagi_bench_cleanup() {
    set +e
    if declare -F kagi_bench_before_cleanup >/dev/null; then kagi_bench_before_cleanup; fi
    # run.sh stops the Frontend, the silo and Azurite in order when it is told to stop.
    [ -z "${RUN_PID:-}" ] || kagi_stop_pid "$RUN_PID" 150
    kagi_stop_postgres "$TMP/pg"
    rm -rf "$TMP"
}

kagi_bench_up() {
    local name="$1" base="$2"
    shift 2
    FRONTEND_PORT=$base AZURITE_PORT=$((base + 2)) PG_PORT=$((base + 3))
    kagi_npm_ci
    TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-$name-bench.XXXXXX")"
    # PostgreSQL runs as its own user, which must reach its folder.
    chmod 755 "$TMP"
    RUN_PID=""
    trap kagi_bench_cleanup EXIT

    if [ "${KAGI_SKIP_BUILD:-}" != 1 ]; then
        kagi_log "building Silo, Frontend and Kagi.Benchmarks (Release)"
        dotnet build Silo/Silo.csproj -c Release -v q -nologo
        dotnet build Frontend/Frontend.csproj -c Release -v q -nologo
        dotnet build benchmarks/Kagi.Benchmarks -c Release -v q -nologo
    fi

    kagi_start_postgres "$TMP/pg" "$PG_PORT"
    PG_ADMIN="$(kagi_pg_admin_connection "$TMP/pg" "$PG_PORT")"

    KAGI_OPERATOR_TOKEN="$(kagi_random_alnum 40)"
    # Sign-ins are limited per source and tenant by default; the benchmarks sign in from one address as fast as
    # they can. The target is on loopback, which only the operator may open (Egress).
    env "$@" KAGI_DATA_DIR="$TMP/kagi" KAGI_SKIP_BUILD=1 KAGI_URLS="http://127.0.0.1:$FRONTEND_PORT" \
        KAGI_AZURITE_PORT="$AZURITE_PORT" KAGI_SILO_PORT=$((base + 4)) KAGI_GATEWAY_PORT=$((base + 5)) \
        KAGI_MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)" KAGI_OPERATOR_TOKEN="$KAGI_OPERATOR_TOKEN" \
        KAGI_RATE_LIMIT_SIGNIN_PER_SOURCE=1000000 KAGI_RATE_LIMIT_SIGNIN_PER_TENANT=1000000 \
        KAGI_EGRESS_ALLOW="127.0.0.1:$PG_PORT" \
        ./run.sh >"$TMP/run.log" 2>&1 &
    RUN_PID=$!
    local i
    for ((i = 0; i < 240; i++)); do
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$FRONTEND_PORT/health/ready" 2>/dev/null && break
        kagi_pid_alive "$RUN_PID" || { cat "$TMP/run.log" >&2; kagi_die "run.sh exited"; return 1; }
        sleep 0.5
    done
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$FRONTEND_PORT/health/ready" || { cat "$TMP/run.log" >&2; kagi_die "Kagi did not become ready"; return 1; }
}
