# shellcheck shell=bash
# Shared helpers for test.sh, run.sh and .ci/run. Source it; do not execute it.
#
# Every function returns non-zero (after printing one clear line to stderr) on failure,
# so callers running under `set -e` stop at the first problem.

KAGI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PostgreSQL 15 from Debian (bookworm's 'postgresql'); the newest installed major otherwise.
if [ -z "${KAGI_PG_BIN:-}" ]; then
    KAGI_PG_BIN=/usr/lib/postgresql/15/bin
    if [ ! -x "$KAGI_PG_BIN/initdb" ]; then
        for _kagi_d in /usr/lib/postgresql/*/bin; do
            [ -x "$_kagi_d/initdb" ] && KAGI_PG_BIN="$_kagi_d"
        done
        unset _kagi_d
    fi
fi

kagi_log() { printf '[kagi] %s\n' "$*" >&2; }
kagi_die() { printf '[kagi] ERROR: %s\n' "$*" >&2; return 1; }

# kagi_random_alnum N: N random characters from [A-Za-z0-9] (safe inside connection strings).
kagi_random_alnum() {
    local n="${1:-32}" out=""
    while [ "${#out}" -lt "$n" ]; do
        out+="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')"
    done
    printf '%s' "${out:0:n}"
}

# kagi_port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
kagi_port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# kagi_require_free_port PORT [WHAT]: fail with one clear line when PORT is taken.
kagi_require_free_port() {
    if kagi_port_open "$1"; then
        kagi_die "port $1${2:+ ($2)} is already in use on 127.0.0.1; stop whatever listens there first"
    fi
}

# kagi_pid_alive PID: running and not a zombie.
kagi_pid_alive() {
    local pid="$1" line state
    [ -n "$pid" ] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # Gone between the two checks (reaped meanwhile) counts as dead too.
    { read -r line <"/proc/$pid/stat"; } 2>/dev/null || return 1
    state="${line##*) }" # the command name in (…) may hold spaces
    state="${state%% *}"
    [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# kagi_claim_data_dir PIDFILE SCRIPT WHAT: only one SCRIPT (e.g. run.sh) owns a data directory. Dies when
# another live SCRIPT holds PIDFILE, naming WHAT is running there; otherwise writes this shell's pid to it.
kagi_claim_data_dir() {
    local pidfile="$1" script="$2" what="$3" other
    if [ -f "$pidfile" ]; then
        other="$(head -n1 "$pidfile" | tr -dc '0-9')"
        if [ -n "$other" ] && [ "$other" != "$$" ] && kagi_pid_alive "$other" \
            && grep -qzF "$script" "/proc/$other/cmdline" 2>/dev/null; then
            kagi_die "$what is already running on $(dirname "$pidfile") ($script pid $other); stop it with Ctrl-C or kill $other"
            exit 1
        fi
    fi
    echo "$$" >"$pidfile"
}

# kagi_npm_ci: install node_modules from package-lock.json when missing or stale.
kagi_npm_ci() {
    (
        cd "$KAGI_ROOT" || exit 1
        if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
            || [ package-lock.json -nt node_modules/.package-lock.json ]; then
            kagi_log "npm ci"
            npm ci --no-audit --no-fund
        fi
    )
}

# kagi_stop_pid PIDFILE_OR_PID [GRACE_SECONDS] [SIGNAL]: SIGNAL (default TERM), wait up to 10 s
# (or GRACE_SECONDS), then KILL. Missing or already dead is fine. A PIDFILE is removed afterwards.
# Sets KAGI_STOP_KILLED to 1 when it had to KILL, to 0 otherwise.
kagi_stop_pid() {
    local arg="$1" grace="${2:-10}" signal="${3:-TERM}" pid="" i
    KAGI_STOP_KILLED=0
    if [ -f "$arg" ]; then
        pid="$(head -n1 "$arg" 2>/dev/null | tr -dc '0-9')"
    elif [[ "$arg" =~ ^[0-9]+$ ]]; then
        pid="$arg"
    fi
    [ -n "$pid" ] || return 0
    if kagi_pid_alive "$pid"; then
        kill "-$signal" "$pid" 2>/dev/null || true
        for ((i = 0; i < grace * 10; i++)); do
            kagi_pid_alive "$pid" || break
            sleep 0.1
        done
        if kagi_pid_alive "$pid"; then
            kagi_log "pid $pid ignored $signal for $grace s; sending KILL"
            KAGI_STOP_KILLED=1
            kill -KILL "$pid" 2>/dev/null || true
            for ((i = 0; i < 50; i++)); do
                kagi_pid_alive "$pid" || break
                sleep 0.1
            done
        fi
    fi
    # Reap it when it is our own child, so no zombie lingers.
    wait "$pid" 2>/dev/null || true
    [ -f "$arg" ] && rm -f "$arg"
    return 0
}

# kagi_start_azurite DIR PORT: Azurite table service only, data and log in DIR.
# Sets KAGI_AZURITE_PID and writes DIR/azurite.pid. Azurite runs in a session of its own, so a
# Ctrl-C at the terminal reaches only the script, which stops it last (kagi_stop_azurite).
kagi_start_azurite() {
    local dir="$1" port="$2" bin="$KAGI_ROOT/node_modules/.bin/azurite-table" i
    [ -x "$bin" ] || kagi_die "$bin is missing: run npm ci" || return 1
    kagi_require_free_port "$port" "Azurite" || return 1
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # The .bin entry is a node script with a '#!/usr/bin/env node' line, and setsid execs it
    # without forking (a background job is never a process-group leader), so $! is node's PID:
    # the process that must get the SIGINT. Never npx, whose PID is not Azurite's.
    # KAGI_AZURITE_IN_MEMORY=1 keeps the tables in memory only (for benchmarks whose data is thrown away):
    # otherwise azurite-table serializes its whole database into one JSON string every 5 s, which at a
    # million rows costs more than the work measured and nears the longest string node can hold.
    local keep=(--location "$dir")
    if [ "${KAGI_AZURITE_IN_MEMORY:-0}" = 1 ]; then
        keep=(--inMemoryPersistence)
    fi
    # KAGI_AZURITE_DEBUG=FILE logs every request Azurite serves (slow; for counting a flow's storage calls by hand).
    [ -z "${KAGI_AZURITE_DEBUG:-}" ] || keep+=(--debug "$KAGI_AZURITE_DEBUG")
    setsid "$bin" "${keep[@]}" --tableHost 127.0.0.1 --tablePort "$port" \
        --disableTelemetry --skipApiVersionCheck --loose \
        >>"$dir/azurite.log" 2>&1 </dev/null &
    KAGI_AZURITE_PID=$!
    echo "$KAGI_AZURITE_PID" >"$dir/azurite.pid"
    for ((i = 0; i < 300; i++)); do
        if ! kagi_pid_alive "$KAGI_AZURITE_PID"; then
            tail -n 30 "$dir/azurite.log" >&2 || true
            kagi_die "Azurite exited during start-up (log: $dir/azurite.log)"
            return 1
        fi
        kagi_port_open "$port" && break
        sleep 0.1
    done
    if ! kagi_port_open "$port"; then
        tail -n 30 "$dir/azurite.log" >&2 || true
        kagi_stop_azurite "$dir/azurite.pid"
        kagi_die "Azurite did not listen on 127.0.0.1:$port within 30 s (log: $dir/azurite.log)"
        return 1
    fi
    if ! grep -qz 'azurite-table' "/proc/$KAGI_AZURITE_PID/cmdline" 2>/dev/null; then
        kagi_stop_pid "$KAGI_AZURITE_PID"
        kagi_die "pid $KAGI_AZURITE_PID is not Azurite itself, so it could not be stopped safely; not starting"
        return 1
    fi
}

# kagi_stop_azurite PIDFILE_OR_PID: stop Azurite so that it keeps what it acknowledged.
# azurite-table holds its tables in memory and writes them to disk every 5 s; only SIGINT makes it
# write them before it exits (SIGTERM ends node at once, losing up to the last 5 s of writes).
# So: SIGINT, a generous 60 s to save, and only then KILL, saying loudly what that may have cost.
kagi_stop_azurite() {
    kagi_stop_pid "$1" 60 INT
    if [ "$KAGI_STOP_KILLED" -eq 1 ]; then
        kagi_log "WARNING: Azurite did not save and exit within 60 s of SIGINT and was KILLED:"
        kagi_log "WARNING: writes it acknowledged in its last ~5 s before that may be lost"
    fi
    return 0
}

# kagi_storage_connection PORT: Azurite's well-known development account, tables only.
kagi_storage_connection() {
    printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;\n' "$1"
}

# _kagi_pg CMD ARGS...: run a PostgreSQL binary as the instance owner
# (the 'postgres' OS user when we are root, because initdb and postgres refuse root).
_kagi_pg() {
    local cmd="$KAGI_PG_BIN/$1"
    shift
    if [ "$(id -u)" -eq 0 ]; then
        # cd / so a cwd that postgres cannot read (e.g. /root) causes no warnings.
        (cd / && runuser -u postgres -- "$cmd" "$@")
    else
        "$cmd" "$@"
    fi
}

# kagi_start_postgres DIR PORT: private PostgreSQL 15 cluster in DIR (data in DIR/data),
# listening on 127.0.0.1:PORT with scram-sha-256 for every TCP connection and its unix socket
# in DIR. The superuser is 'postgres'; its random password is in DIR/superuser-password (0600).
# TLS is offered (not required) with a certificate for IP 127.0.0.1 signed by a throw-away CA, DIR/ca.pem.
# Two roles, if the tests create them, are asked for weaker authentication, so that the tests can
# see Kagi refuse it: kagi_md5_probe (md5) and kagi_cleartext_probe (password, i.e. cleartext).
# Sets KAGI_PG_PID (the postmaster).
kagi_start_postgres() {
    local dir="$1" port="$2" data pwfile parent
    [ -x "$KAGI_PG_BIN/initdb" ] \
        || kagi_die "$KAGI_PG_BIN/initdb is missing: apt-get install postgresql" || return 1
    kagi_require_free_port "$port" "PostgreSQL" || return 1
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    data="$dir/data"
    pwfile="$dir/superuser-password"
    [ ! -e "$data/PG_VERSION" ] \
        || kagi_die "$data already holds a cluster; kagi_start_postgres wants a fresh DIR" || return 1

    if [ "$(id -u)" -eq 0 ]; then
        id -u postgres >/dev/null 2>&1 \
            || kagi_die "no 'postgres' OS user (apt-get install postgresql creates it)" || return 1
        chown postgres:postgres "$dir"
        # The postgres user needs to reach DIR through every parent folder.
        parent="$(dirname "$dir")"
        if ! runuser -u postgres -- test -x "$parent"; then
            kagi_die "user postgres cannot traverse $parent; chmod 755 it (and its parents)"
            return 1
        fi
    fi
    # The socket lives here, and local connections are trusted: keep it private to the owner.
    chmod 700 "$dir"

    (umask 077 && kagi_random_alnum 32 >"$pwfile" && echo >>"$pwfile")
    chmod 600 "$pwfile"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pwfile"

    if ! _kagi_pg initdb -D "$data" -U postgres --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-instructions >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        kagi_die "initdb failed (log: $dir/initdb.log)"
        return 1
    fi
    # Throw-away CA and server certificate (IP 127.0.0.1, DNS pg.kagi.test; not localhost).
    if ! {
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
            -subj "/CN=kagi test PostgreSQL CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
            && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                -subj "/CN=pg.kagi.test" -keyout "$dir/server.key" -out "$dir/server.csr" \
            && printf 'subjectAltName=IP:127.0.0.1,DNS:pg.kagi.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext" \
            && openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
                -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem"
    } >"$dir/openssl.log" 2>&1; then
        cat "$dir/openssl.log" >&2
        kagi_die "could not make PostgreSQL's test certificate"
        return 1
    fi
    chmod 600 "$dir/server.key" "$dir/ca.key"
    chmod 644 "$dir/ca.pem" "$dir/server.pem"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir/server.key" "$dir/server.pem"
    # First match wins: the probe roles' lines go before initdb's own.
    { printf 'host all kagi_md5_probe 127.0.0.1/32 md5\nhost all kagi_cleartext_probe 127.0.0.1/32 password\n'; cat "$data/pg_hba.conf"; } >"$data/pg_hba.conf.new" \
        && mv "$data/pg_hba.conf.new" "$data/pg_hba.conf"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$data/pg_hba.conf"
    # Belt and braces: no TCP line may ever be 'trust'.
    if grep -Eq '^[[:space:]]*host.*[[:space:]]trust([[:space:]]|$)' "$data/pg_hba.conf"; then
        kagi_die "$data/pg_hba.conf trusts TCP connections; refusing to start"
        return 1
    fi

    cat >>"$data/postgresql.conf" <<EOF

# --- kagi private test/dev instance ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
password_encryption = 'scram-sha-256'
ssl = on
ssl_cert_file = '$dir/server.pem'
ssl_key_file = '$dir/server.key'
log_connections = on
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

    if ! _kagi_pg pg_ctl -D "$data" -w -t 60 -l "$dir/postgres.log" start >"$dir/pg_ctl.log" 2>&1; then
        cat "$dir/pg_ctl.log" >&2
        tail -n 30 "$dir/postgres.log" >&2 || true
        kagi_die "PostgreSQL did not start (log: $dir/postgres.log)"
        return 1
    fi
    # shellcheck disable=SC2034 # for callers
    KAGI_PG_PID="$(head -n1 "$data/postmaster.pid")"
}

# kagi_pg_admin_connection DIR PORT: Npgsql connection string of the superuser.
kagi_pg_admin_connection() {
    local pw
    pw="$(head -n1 "$1/superuser-password")" || return 1
    printf 'Host=127.0.0.1;Port=%s;Username=postgres;Password=%s;Database=postgres\n' "$2" "$pw"
}

# kagi_stop_postgres DIR: fast shutdown; KILL the postmaster if that fails.
kagi_stop_postgres() {
    local dir="$1" data pid
    data="$dir/data"
    [ -f "$data/postmaster.pid" ] || return 0
    pid="$(head -n1 "$data/postmaster.pid" | tr -dc '0-9')"
    if ! _kagi_pg pg_ctl -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1; then
        kagi_pid_alive "$pid" || return 0
        kagi_log "pg_ctl stop failed; killing postmaster $pid"
        kagi_stop_pid "$pid"
        # Orphaned backends die once the postmaster is gone; give them a moment.
        sleep 1
    fi
    return 0
}

# kagi_stop_run_processes RUN_ID: stop leftover processes of one test run: those whose
# environment holds KAGI_TEST_RUN_ID=RUN_ID and that are Kagi hosts (Kagi.Silo / Kagi.Frontend),
# any other dotnet process (testhost, MSBuild nodes, compiler server) of that run, or a run.sh
# (with its Azurite) or the OIDC provider (scripts/oidc-provider.mjs) that a test started. TERM, up to 10 s grace, then KILL.
kagi_stop_run_processes() {
    local id="$1" d pid exe args=() victims=() described=() alive i
    [ -n "$id" ] || return 0
    for d in /proc/[0-9]*; do
        pid="${d#/proc/}"
        if [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ]; then continue; fi
        mapfile -d '' -t args 2>/dev/null <"$d/cmdline" || continue
        [ "${#args[@]}" -gt 0 ] || continue
        exe="${args[0]##*/}"
        case "$exe ${args[*]}" in
            dotnet\ * | csc\ * | *Kagi.Silo* | *Kagi.Frontend* | *VBCSCompiler* | *testhost* | *run.sh* | *azurite-table* | *oidc-provider.mjs*) ;;
            *) continue ;;
        esac
        grep -qzx "KAGI_TEST_RUN_ID=$id" "$d/environ" 2>/dev/null || continue
        victims+=("$pid")
        # Named, so a log shows which process outlived its run (the program and what it ran).
        described+=("$pid ($exe${args[1]:+ ${args[1]##*/}})")
    done
    [ "${#victims[@]}" -gt 0 ] || return 0
    kagi_log "stopping ${#victims[@]} leftover process(es) of this run: ${described[*]}"
    kill -TERM "${victims[@]}" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        alive=0
        for pid in "${victims[@]}"; do kagi_pid_alive "$pid" && alive=1; done
        [ "$alive" -eq 1 ] || break
        sleep 0.1
    done
    for pid in "${victims[@]}"; do
        if kagi_pid_alive "$pid"; then
            kagi_log "pid $pid ignored TERM for 10 s; sending KILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    for ((i = 0; i < 50; i++)); do
        alive=0
        for pid in "${victims[@]}"; do kagi_pid_alive "$pid" && alive=1; done
        [ "$alive" -eq 1 ] || break
        sleep 0.1
    done
    for pid in "${victims[@]}"; do wait "$pid" 2>/dev/null || true; done
    return 0
}

# kagi_stop_stale PIDFILE PATTERN [GRACE_SECONDS] [SIGNAL]: a process recorded in PIDFILE by an
# earlier run that was killed hard (so its trap never ran) is stopped with SIGNAL (default TERM), if
# its command line still contains PATTERN (guards against a recycled PID). The PIDFILE is removed.
kagi_stop_stale() {
    local file="$1" pattern="$2" pid args=()
    [ -f "$file" ] || return 0
    pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
    if [ -n "$pid" ] && kagi_pid_alive "$pid" \
        && mapfile -d '' -t args <"/proc/$pid/cmdline" 2>/dev/null \
        && [[ "${args[*]}" == *"$pattern"* ]]; then
        kagi_log "stopping $pattern (pid $pid) left over from an earlier run"
        kagi_stop_pid "$pid" "${3:-10}" "${4:-TERM}"
    fi
    rm -f "$file"
}

# --- Linux target over SSH (tests only) -------------------------------------------------

# kagi_sshd_user_prefix DIR: the prefix of every OS user that belongs to the sshd in DIR.
kagi_sshd_user_prefix() { head -n1 "$1/user-prefix" 2>/dev/null; }

# _kagi_remove_users PREFIX: remove every OS user whose name starts with PREFIX, with its home. PREFIX is ours ("kt" + 6 random characters), never empty.
_kagi_remove_users() {
    local prefix="$1" user
    [[ "$prefix" =~ ^kt[a-z0-9]{6}$ ]] || return 0
    while IFS= read -r user; do
        userdel --force --remove "$user" >/dev/null 2>&1 \
            || kagi_log "could not remove OS user $user"
    done < <(getent passwd | cut -d: -f1 | grep -E "^$prefix" || true)
}

# kagi_start_sshd DIR PORT: a private sshd (Debian's openssh-server) on 127.0.0.1:PORT, for the
# SSH connector's tests. Needs root (password authentication reads /etc/shadow).
#  - its host key, config, PID file and log live in DIR; its log is DIR/auth.log, each line
#    prefixed with an RFC 3339 UTC time as rsyslog writes /var/log/auth.log;
#  - only users named DIR/user-prefix… may log in; an admin user "<prefix>adm" with a random
#    password (DIR/admin-password) may run, through sudo and nothing else,
#    chpasswd, useradd and userdel exactly as the SSH connector does (/etc/sudoers.d/kagi-test-<prefix>);
#    sudo logs the admin's command lines to DIR/sudo.log.
# kagi_stop_sshd DIR undoes all of it. Drop-ins and users left by a run that was killed before its
# trap ran are removed first (their DIR no longer exists).
kagi_start_sshd() {
    local dir="$1" port="$2" prefix admin pw sudoers i
    [ "$(id -u)" -eq 0 ] || kagi_die "the private sshd needs root (to read /etc/shadow and manage test users)" || return 1
    [ -x /usr/sbin/sshd ] || kagi_die "/usr/sbin/sshd is missing: apt-get install openssh-server" || return 1
    command -v sudo >/dev/null || kagi_die "sudo is missing: apt-get install sudo" || return 1
    kagi_require_free_port "$port" "sshd" || return 1
    _kagi_remove_stale_sshd_leftovers
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # Privilege separation directory; sshd refuses to start without it.
    mkdir -p /run/sshd && chmod 755 /run/sshd

    prefix="kt$(kagi_random_alnum 40 | tr '[:upper:]' '[:lower:]' | tr -dc 'a-z0-9' | head -c 6)"
    admin="${prefix}adm"
    pw="$(kagi_random_alnum 24)"
    echo "$prefix" >"$dir/user-prefix"
    (umask 077 && printf '%s\n' "$pw" >"$dir/admin-password")
    ssh-keygen -q -t ed25519 -N '' -C kagi-test -f "$dir/hostkey" || return 1

    cat >"$dir/sshd_config" <<EOF2
Port $port
ListenAddress 127.0.0.1
HostKey $dir/hostkey
PidFile $dir/sshd.pid
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
UsePAM yes
PermitRootLogin no
StrictModes no
UseDNS no
PrintMotd no
AllowUsers ${prefix}*
MaxStartups 50:30:100
LogLevel INFO
EOF2
    /usr/sbin/sshd -t -f "$dir/sshd_config" || kagi_die "sshd rejected $dir/sshd_config" || return 1

    useradd --create-home --shell /bin/bash "$admin" || kagi_die "useradd $admin failed" || return 1
    printf '%s:%s\n' "$admin" "$pw" | chpasswd || kagi_die "chpasswd for $admin failed" || return 1
    # The exact command shapes SshConnector uses; nothing else (sudo -n id is refused).
    sudoers="/etc/sudoers.d/kagi-test-$prefix"
    cat >"$sudoers.tmp" <<EOF2
# kagi test run, sshd dir: $dir
Defaults:$admin logfile=$dir/sudo.log, !syslog
$admin ALL=(root) NOPASSWD: /usr/sbin/chpasswd "", /usr/sbin/useradd --create-home --shell /bin/bash -- $prefix*, /usr/sbin/userdel --force --remove -- $prefix*
EOF2
    chmod 440 "$sudoers.tmp"
    visudo -cqf "$sudoers.tmp" || { rm -f "$sudoers.tmp"; kagi_die "visudo rejected the sudoers drop-in"; return 1; }
    mv "$sudoers.tmp" "$sudoers"

    # sshd -e logs to stderr without a time; stamp each line (bash builtin, no process per line).
    (
        export TZ=UTC
        exec 2>>"$dir/sshd-start.log"
        /usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>&1 </dev/null >/dev/null |
            while IFS= read -r line; do
                printf '%(%Y-%m-%dT%H:%M:%S)T+00:00 localhost sshd: %s\n' -1 "$line"
            done >>"$dir/auth.log"
    ) &
    for ((i = 0; i < 100; i++)); do
        kagi_port_open "$port" && [ -s "$dir/sshd.pid" ] && return 0
        sleep 0.1
    done
    cat "$dir/auth.log" "$dir/sshd-start.log" >&2 2>/dev/null || true
    kagi_stop_sshd "$dir"
    kagi_die "sshd did not listen on 127.0.0.1:$port within 10 s (log: $dir/auth.log)"
}

# kagi_sshd_host_key_sha256 DIR: the host key's SHA-256 fingerprint, unpadded base64 without "SHA256:".
kagi_sshd_host_key_sha256() {
    ssh-keygen -l -E sha256 -f "$1/hostkey.pub" | awk '{print $2}' | sed 's/^SHA256://'
}

# kagi_stop_sshd DIR: stop the private sshd, remove its sudoers drop-in and every user it owned.
kagi_stop_sshd() {
    local dir="$1" prefix
    [ -d "$dir" ] || return 0
    prefix="$(kagi_sshd_user_prefix "$dir")"
    kagi_stop_pid "$dir/sshd.pid"
    if [ -n "$prefix" ]; then
        rm -f "/etc/sudoers.d/kagi-test-$prefix" "/etc/sudoers.d/kagi-test-$prefix.tmp"
        _kagi_remove_users "$prefix"
    fi
    return 0
}

# Drop-ins (and their users) whose sshd dir is gone belong to a run that died without its trap.
_kagi_remove_stale_sshd_leftovers() {
    local f dir prefix
    for f in /etc/sudoers.d/kagi-test-kt*; do
        [ -f "$f" ] || continue
        dir="$(sed -n 's/^# kagi test run, sshd dir: //p' "$f" | head -n1)"
        if [ -z "$dir" ] || [ -d "$dir" ]; then continue; fi
        prefix="${f##*/kagi-test-}"
        prefix="${prefix%.tmp}"
        kagi_log "removing sudoers drop-in and users $prefix* left by an earlier run"
        rm -f "$f"
        _kagi_remove_users "$prefix"
    done
}

# --- LDAP target (tests only) -----------------------------------------------------------

# kagi_start_slapd DIR PORT LDAPS_PORT: a private slapd (Debian's) on ldap://127.0.0.1:PORT and
# ldaps://127.0.0.1:LDAPS_PORT, with its own config and mdb database in DIR; suffix
# dc=kagi,dc=test, users under ou=people,dc=kagi,dc=test. Users under ou=tls,dc=kagi,dc=test can only
# bind over TLS. The server certificate (IP 127.0.0.1, DNS ldap.kagi.test; not localhost) is signed by a throw-away CA,
# DIR/ca.pem: point libldap at it with LDAPTLS_CACERT. The rootdn cn=admin,dc=kagi,dc=test has a random
# password (DIR/admin-password). Passwords set through the password-modify extended operation are
# stored as {SSHA}.
kagi_start_slapd() {
    local dir="$1" port="$2" ldaps_port="$3" pw hash i
    [ -x /usr/sbin/slapd ] || kagi_die "/usr/sbin/slapd is missing: apt-get install slapd" || return 1
    command -v ldapadd >/dev/null || kagi_die "ldapadd is missing: apt-get install ldap-utils" || return 1
    kagi_require_free_port "$port" "slapd" || return 1
    kagi_require_free_port "$ldaps_port" "slapd (ldaps)" || return 1
    mkdir -p "$dir/db"
    dir="$(cd "$dir" && pwd)"
    pw="$(kagi_random_alnum 24)"
    # No newline: ldapadd -y takes the whole file as the password.
    (umask 077 && printf '%s' "$pw" >"$dir/admin-password")
    hash="$(/usr/sbin/slappasswd -h '{SSHA}' -s "$pw")" || return 1
    if ! {
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
            -subj "/CN=kagi test CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
            && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                -subj "/CN=ldap.kagi.test" -keyout "$dir/server.key" -out "$dir/server.csr" \
            && printf 'subjectAltName=IP:127.0.0.1,DNS:ldap.kagi.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext" \
            && openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
                -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem"
    } >"$dir/openssl.log" 2>&1; then
        cat "$dir/openssl.log" >&2
        kagi_die "could not make slapd's test certificate"
        return 1
    fi

    cat >"$dir/slapd.conf" <<EOF2
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
password-hash {SSHA}
TLSCACertificateFile $dir/ca.pem
TLSCertificateFile $dir/server.pem
TLSCertificateKeyFile $dir/server.key
database mdb
maxsize 104857600
suffix "dc=kagi,dc=test"
rootdn "cn=admin,dc=kagi,dc=test"
rootpw $hash
directory $dir/db
access to dn.subtree="ou=tls,dc=kagi,dc=test" attrs=userPassword by anonymous tls_ssf=128 auth by self tls_ssf=128 write by * none
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
EOF2
    /usr/sbin/slaptest -Q -u -f "$dir/slapd.conf" || kagi_die "slaptest rejected $dir/slapd.conf" || return 1
    # -d 0: stay in the foreground (so $! is slapd) without debug output.
    /usr/sbin/slapd -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$ldaps_port/" -f "$dir/slapd.conf" -d 0 >>"$dir/slapd.log" 2>&1 </dev/null &
    echo $! >"$dir/slapd.pid.ours"
    for ((i = 0; i < 100; i++)); do
        kagi_port_open "$port" && break
        if ! kagi_pid_alive "$(cat "$dir/slapd.pid.ours")"; then
            cat "$dir/slapd.log" >&2 || true
            kagi_die "slapd exited during start-up (log: $dir/slapd.log)"
            return 1
        fi
        sleep 0.1
    done
    kagi_port_open "$port" || { kagi_stop_slapd "$dir"; kagi_die "slapd did not listen on 127.0.0.1:$port within 10 s"; return 1; }

    ldapadd -x -H "ldap://127.0.0.1:$port" -D "cn=admin,dc=kagi,dc=test" -y "$dir/admin-password" >/dev/null 2>"$dir/ldapadd.log" <<EOF2 \
        || { cat "$dir/ldapadd.log" >&2; kagi_stop_slapd "$dir"; kagi_die "could not load the base entries into slapd"; return 1; }
dn: dc=kagi,dc=test
objectClass: dcObject
objectClass: organization
dc: kagi
o: Kagi test directory

dn: ou=people,dc=kagi,dc=test
objectClass: organizationalUnit
ou: people

dn: ou=tls,dc=kagi,dc=test
objectClass: organizationalUnit
ou: tls
EOF2
}

# kagi_stop_slapd DIR: stop the private slapd.
kagi_stop_slapd() {
    kagi_stop_pid "$1/slapd.pid.ours"
    rm -f "$1/slapd.pid"
    return 0
}
