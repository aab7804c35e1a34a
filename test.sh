#!/usr/bin/env bash
# shellcheck disable=SC2317 # (functions run from traps look unreachable to shellcheck)
# Runs the whole test suite against real services: Azurite (Azure Table storage), a private
# PostgreSQL 15, and the connectors' targets, a private sshd and a private slapd, all started fresh
# in a temp dir and torn down afterwards, whatever happens (with the sshd's OS users and sudoers drop-in).
#
#   ./test.sh                                   # everything
#   ./test.sh --filter "FullyQualifiedName~Vault"   # extra args go to `dotnet test`
#
# Ports: Azurite 10102, PostgreSQL 55432, sshd 22222, slapd 3890 and (ldaps) 3891 (override with
# KAGI_TEST_AZURITE_PORT / KAGI_TEST_PG_PORT / KAGI_TEST_SSH_PORT / KAGI_TEST_LDAP_PORT /
# KAGI_TEST_LDAPS_PORT, e.g. to run two suites side by side). Needs root (the sshd reads /etc/shadow; the tests make OS users).
# The tests start their own identity providers from node_modules: the OIDC provider on KAGI_TEST_OIDC_PORT
# (default 4010) and saml-idp on KAGI_TEST_SAML_IDP_PORT (default 7000), both on 127.0.0.1.
# The last line printed is the summary, e.g. "12 passed, 0 failed, 0 skipped".
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

AZURITE_PORT="${KAGI_TEST_AZURITE_PORT:-10102}"
PG_PORT="${KAGI_TEST_PG_PORT:-55432}"
SSH_PORT="${KAGI_TEST_SSH_PORT:-22222}"
LDAP_PORT="${KAGI_TEST_LDAP_PORT:-3890}"
LDAPS_PORT="${KAGI_TEST_LDAPS_PORT:-$((LDAP_PORT + 1))}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# MSBuild worker nodes would otherwise outlive the run for minutes.
export MSBUILDDISABLENODEREUSE=1

RUN_TMP=""
TEST_PID=""
TEST_RC=""
RUN_ID=""

summarize() {
    # Sums the <Counters …/> of every .trx file. Prints "PASSED FAILED SKIPPED".
    # xunit's skipped tests count in total but neither in executed nor in notExecuted, so
    # skipped = whatever of total neither passed nor failed (or notExecuted, if larger).
    local dir="$1" f line key val
    local passed=0 failed=0 skipped=0 total=0 p f_ n t
    while IFS= read -r -d '' f; do
        line="$(grep -o '<Counters [^>]*>' "$f" | head -n1 || true)"
        [ -n "$line" ] || continue
        p=0 f_=0 n=0 t=0
        for key in total passed failed error timeout aborted notExecuted; do
            val="$(printf '%s' "$line" | grep -o " $key=\"[0-9]*\"" | tr -dc '0-9' || true)"
            val="${val:-0}"
            case "$key" in
                total) t=$val ;;
                passed) p=$val ;;
                failed | error | timeout | aborted) f_=$((f_ + val)) ;;
                notExecuted) n=$val ;;
            esac
        done
        [ $((t - p - f_)) -le "$n" ] || n=$((t - p - f_))
        passed=$((passed + p)) failed=$((failed + f_)) skipped=$((skipped + n)) total=$((total + t))
    done < <(find "$dir" -name '*.trx' -print0 2>/dev/null)
    echo "$passed $failed $skipped"
}

cleanup() {
    local status=$? t0 summary="" passed failed skipped
    trap - EXIT INT TERM
    set +e
    t0=$(date +%s.%N)
    # 1. dotnet test itself (only still running when we were interrupted).
    if [ -n "$TEST_PID" ] && kagi_pid_alive "$TEST_PID"; then
        kagi_log "interrupted: stopping dotnet test"
        kagi_stop_pid "$TEST_PID"
    fi
    # 2. Silos/Frontends (and other dotnet processes) the tests started. Before PostgreSQL,
    #    or their shutdown hangs.
    kagi_stop_run_processes "$RUN_ID"
    if [ -n "$RUN_TMP" ]; then
        # 3. PostgreSQL, 4. Azurite, 5. sshd (with its users and sudoers drop-in), 6. slapd.
        kagi_stop_postgres "$RUN_TMP/pg"
        kagi_stop_azurite "$RUN_TMP/azurite/azurite.pid"
        kagi_stop_sshd "$RUN_TMP/ssh"
        kagi_stop_slapd "$RUN_TMP/ldap"
        if [ -n "$TEST_RC" ]; then
            read -r passed failed skipped < <(summarize "$RUN_TMP/results")
            summary="$passed passed, $failed failed, $skipped skipped"
            status="$TEST_RC"
            # Failures in the trx, or no test run at all, fail the run even if dotnet said 0.
            if [ "$status" -eq 0 ] && { [ "$failed" -gt 0 ] || [ $((passed + failed)) -eq 0 ]; }; then
                status=1
            fi
            # Keep the evidence (TestResults/ is gitignored).
            rm -rf TestResults/last-run
            mkdir -p TestResults/last-run
            find "$RUN_TMP/results" -name '*.trx' -exec cp {} TestResults/last-run/ \; 2>/dev/null
            if [ "$status" -ne 0 ]; then
                cp "$RUN_TMP/pg/postgres.log" "$RUN_TMP/azurite/azurite.log" "$RUN_TMP/ssh/auth.log" \
                    "$RUN_TMP/ldap/slapd.log" TestResults/last-run/ 2>/dev/null
                kagi_log "results and service logs kept in TestResults/last-run/"
            fi
        fi
        rm -rf "$RUN_TMP"
    fi
    kagi_log "services stopped in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
    if [ -n "$summary" ]; then
        echo "$summary"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

kagi_npm_ci

RUN_TMP="$(mktemp -d "${TMPDIR:-/tmp}/kagi-test.XXXXXX")"
chmod 755 "$RUN_TMP" # the postgres OS user must traverse it
mkdir -p "$RUN_TMP/results"

t_start=$(date +%s.%N)
# In memory: the suite's shared Azurite is never restarted and its data is thrown away, while on disk azurite-table
# would serialize its whole, growing database every 5 s on its one thread, which every test waits on. (The tests that
# stop or restart a table store start their own, on disk: PrivateAzurite, run.sh, cluster.sh.)
KAGI_AZURITE_IN_MEMORY=1 kagi_start_azurite "$RUN_TMP/azurite" "$AZURITE_PORT"
kagi_start_postgres "$RUN_TMP/pg" "$PG_PORT"
kagi_start_sshd "$RUN_TMP/ssh" "$SSH_PORT"
kagi_start_slapd "$RUN_TMP/ldap" "$LDAP_PORT" "$LDAPS_PORT"
kagi_log "Azurite on 127.0.0.1:$AZURITE_PORT, PostgreSQL on :$PG_PORT, sshd on :$SSH_PORT and slapd on :$LDAP_PORT (ldaps :$LDAPS_PORT) ready in $(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"

export KAGI_TEST_STORAGE_CONNECTION KAGI_TEST_PG_ADMIN KAGI_TEST_RUN_ID
KAGI_TEST_STORAGE_CONNECTION="$(kagi_storage_connection "$AZURITE_PORT")"
KAGI_TEST_PG_ADMIN="$(kagi_pg_admin_connection "$RUN_TMP/pg" "$PG_PORT")"
export KAGI_TEST_PG_CA="$RUN_TMP/pg/ca.pem"
export KAGI_TEST_SSH_HOST=127.0.0.1 KAGI_TEST_SSH_PORT="$SSH_PORT" KAGI_TEST_SSH_USER_PREFIX KAGI_TEST_SSH_ADMIN \
    KAGI_TEST_SSH_ADMIN_PASSWORD KAGI_TEST_SSH_AUTH_LOG="$RUN_TMP/ssh/auth.log" \
    KAGI_TEST_SSH_SUDO_LOG="$RUN_TMP/ssh/sudo.log" KAGI_TEST_SSH_HOST_KEY_SHA256
KAGI_TEST_SSH_USER_PREFIX="$(kagi_sshd_user_prefix "$RUN_TMP/ssh")"
KAGI_TEST_SSH_ADMIN="${KAGI_TEST_SSH_USER_PREFIX}adm"
KAGI_TEST_SSH_ADMIN_PASSWORD="$(head -n1 "$RUN_TMP/ssh/admin-password")"
KAGI_TEST_SSH_HOST_KEY_SHA256="$(kagi_sshd_host_key_sha256 "$RUN_TMP/ssh")"
export KAGI_TEST_LDAP_URL="ldap://127.0.0.1:$LDAP_PORT" KAGI_TEST_LDAP_BIND_DN="cn=admin,dc=kagi,dc=test" \
    KAGI_TEST_LDAP_BASE_DN="ou=people,dc=kagi,dc=test" KAGI_TEST_LDAP_PASSWORD \
    KAGI_TEST_LDAPS_PORT="$LDAPS_PORT" KAGI_TEST_LDAP_TLS_BASE_DN="ou=tls,dc=kagi,dc=test" \
    LDAPTLS_CACERT="$RUN_TMP/ldap/ca.pem"
KAGI_TEST_LDAP_PASSWORD="$(cat "$RUN_TMP/ldap/admin-password")"
# Marks every process started from here on (set after the services, so they don't carry it).
RUN_ID="$(kagi_random_alnum 24)"
KAGI_TEST_RUN_ID="$RUN_ID"

# In the background so that INT/TERM reach our trap at once instead of after dotnet test ends.
# Every test project of the solution runs (Kagi.Domain.Tests and Kagi.Tests); each writes its own
# .trx under the default unique name (a fixed LogFileName would be overwritten by the last project).
dotnet test Orleans.sln -c Release \
    --logger trx --results-directory "$RUN_TMP/results" "$@" &
TEST_PID=$!
rc=0
wait "$TEST_PID" || rc=$?
TEST_PID=""
TEST_RC=$rc
exit "$rc"
