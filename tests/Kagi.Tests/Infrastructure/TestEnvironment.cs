using System.Globalization;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// What ./test.sh started for the tests. A missing variable fails the test with a clear message:
/// the real services are part of the contract, never silently skipped.
/// </summary>
public static class TestEnvironment
{
    /// <summary>Azure Table storage (Azurite) connection string.</summary>
    public static string StorageConnection => Require("KAGI_TEST_STORAGE_CONNECTION");

    /// <summary>Npgsql connection string of the private PostgreSQL superuser.</summary>
    public static string PostgresAdminConnection => Require("KAGI_TEST_PG_ADMIN");

    /// <summary>The PEM file of the CA that signed the test PostgreSQL's certificate (for IP 127.0.0.1).</summary>
    public static string PostgresCa => Require("KAGI_TEST_PG_CA");

    /// <summary>The private sshd (always on 127.0.0.1).</summary>
    public static string SshHost => Require("KAGI_TEST_SSH_HOST");

    public static int SshPort => int.Parse(Require("KAGI_TEST_SSH_PORT"), CultureInfo.InvariantCulture);

    /// <summary>The Linux admin that may run chpasswd/useradd/userdel through sudo (and nothing else).</summary>
    public static string SshAdmin => Require("KAGI_TEST_SSH_ADMIN");

    public static string SshAdminPassword => Require("KAGI_TEST_SSH_ADMIN_PASSWORD");

    /// <summary>Every OS user of this run starts with it; only such users may log in to the private sshd,
    /// and ./test.sh removes them all at the end.</summary>
    public static string SshUserPrefix => Require("KAGI_TEST_SSH_USER_PREFIX");

    /// <summary>The private sshd's log, lines stamped like rsyslog's auth.log.</summary>
    public static string SshAuthLog => Require("KAGI_TEST_SSH_AUTH_LOG");

    /// <summary>Where sudo logs the admin's command lines.</summary>
    public static string SshSudoLog => Require("KAGI_TEST_SSH_SUDO_LOG");

    /// <summary>The private sshd's host key fingerprint (SHA-256, unpadded base64).</summary>
    public static string SshHostKeySha256 => Require("KAGI_TEST_SSH_HOST_KEY_SHA256");

    /// <summary>The private slapd, e.g. <c>ldap://127.0.0.1:3890</c>.</summary>
    public static Uri LdapUrl => new(Require("KAGI_TEST_LDAP_URL"));

    /// <summary>The slapd rootdn.</summary>
    public static string LdapBindDn => Require("KAGI_TEST_LDAP_BIND_DN");

    public static string LdapPassword => Require("KAGI_TEST_LDAP_PASSWORD");

    /// <summary>Where users live: <c>ou=people,dc=kagi,dc=test</c>.</summary>
    public static string LdapBaseDn => Require("KAGI_TEST_LDAP_BASE_DN");

    /// <summary>The private slapd's ldaps port (same server, TLS from the first byte).</summary>
    public static int LdapsPort => int.Parse(Require("KAGI_TEST_LDAPS_PORT"), CultureInfo.InvariantCulture);

    /// <summary>Users here can bind over TLS only (slapd ACL <c>tls_ssf=128</c>).</summary>
    public static string LdapTlsBaseDn => Require("KAGI_TEST_LDAP_TLS_BASE_DN");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts Azurite, PostgreSQL, sshd and slapd.");
}
