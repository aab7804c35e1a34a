using System.Diagnostics.CodeAnalysis;
using Kagi.Connectors;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.Connectors;

/// <summary>
/// The connector against the tests' real PostgreSQL, which offers TLS with a certificate for 127.0.0.1 from a
/// throw-away CA (<c>KAGI_TEST_PG_CA</c>) and asks two probe roles for weaker authentication (scripts/lib.sh:
/// <c>kagi_md5_probe</c> by md5, <c>kagi_cleartext_probe</c> by cleartext password). Nothing may be downgraded:
/// a verifying sslMode checks the certificate with no fallback, and MD5 and cleartext are refused before the
/// password leaves Kagi.
/// </summary>
[Collection(PostgresProbeRoles.Name)]
[SuppressMessage("Design", "CA1001", Justification = "The connector is disposed in IAsyncLifetime.DisposeAsync, before the roles are dropped.")]
public sealed class PostgresConnectorSecurityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgresConnector _connector = new();
    private readonly List<string> _roles = [];

    private static string TestCa => File.ReadAllText(TestEnvironment.PostgresCa);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        foreach (var role in _roles)
        {
            await PostgresProbeRoles.DropAsync(role);
        }
    }

    [Fact]
    public async Task Verify_full_with_the_targets_ca_logs_in_over_tls()
    {
        var (role, password) = await PostgresRoles.CreateAsync("kagi_t_tls");
        _roles.Add(role);
        var endpoint = new TargetEndpoint(PostgresRoles.Host, PostgresRoles.Port, null) { Egress = TestEgress.Loopback, SslMode = TargetSslMode.VerifyFull, CaCertificate = TestCa };

        Assert.True(await _connector.VerifyLoginAsync(endpoint, role, password, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(endpoint, role, password + "x", CancellationToken.None));
        // The session Kagi opened really was TLS (the server's own view of it).
        Assert.True(await PostgresProbeRoles.LastSessionOfUsedTlsAsync(role));
    }

    [Fact]
    public async Task Verify_full_refuses_a_certificate_that_does_not_chain_to_the_targets_ca_or_the_system_roots()
    {
        var (role, password) = await PostgresRoles.CreateAsync("kagi_t_tls");
        _roles.Add(role);
        using var otherCa = TestCertificates.CreateCa("Some other CA");
        var systemRoots = new TargetEndpoint(PostgresRoles.Host, PostgresRoles.Port, null) { Egress = TestEgress.Loopback, SslMode = TargetSslMode.VerifyFull };
        var wrongCa = systemRoots with { CaCertificate = otherCa.ExportCertificatePem() };

        foreach (var endpoint in new[] { systemRoots, wrongCa })
        {
            var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.VerifyLoginAsync(endpoint, role, password, CancellationToken.None));
            output.WriteLine(refused.Message);
            Assert.Contains("TLS failed", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(password, refused.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_full_needs_the_host_name_in_the_certificate_and_verify_ca_does_not()
    {
        // The test certificate names 127.0.0.1 and pg.kagi.test, not localhost, which reaches the same server.
        var (role, password) = await PostgresRoles.CreateAsync("kagi_t_tls");
        _roles.Add(role);
        var full = new TargetEndpoint("localhost", PostgresRoles.Port, null) { Egress = TestEgress.Loopback, SslMode = TargetSslMode.VerifyFull, CaCertificate = TestCa };

        var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.VerifyLoginAsync(full, role, password, CancellationToken.None));
        Assert.Contains("TLS failed", refused.Message, StringComparison.Ordinal);
        Assert.True(await _connector.VerifyLoginAsync(full with { SslMode = TargetSslMode.VerifyCa }, role, password, CancellationToken.None));
    }

    [Fact]
    public async Task A_role_the_server_asks_for_an_md5_password_is_refused_before_the_password_is_sent()
    {
        var password = PostgresRoles.NewPassword();
        await PostgresProbeRoles.CreateWithMd5PasswordAsync(PostgresProbeRoles.Md5Role, password);
        _roles.Add(PostgresProbeRoles.Md5Role);
        // Control: the server really does take this role's password by md5 (a client that allows it logs in).
        Assert.True(await PostgresProbeRoles.CanLogInAllowingMd5Async(PostgresProbeRoles.Md5Role, password));

        var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(new TargetEndpoint(PostgresRoles.Host, PostgresRoles.Port, null) { Egress = TestEgress.Loopback }, PostgresProbeRoles.Md5Role, password, CancellationToken.None));
        output.WriteLine(refused.Message);

        Assert.Contains("only SCRAM-SHA-256", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_the_server_asks_for_a_cleartext_password_is_refused()
    {
        var password = PostgresRoles.NewPassword();
        await PostgresProbeRoles.CreateAsync(PostgresProbeRoles.CleartextRole, password);
        _roles.Add(PostgresProbeRoles.CleartextRole);

        var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(new TargetEndpoint(PostgresRoles.Host, PostgresRoles.Port, null) { Egress = TestEgress.Loopback },
                new TargetCredential(PostgresProbeRoles.CleartextRole, password), PostgresProbeRoles.CleartextRole, PostgresRoles.NewPassword(), CancellationToken.None));

        Assert.Contains("only SCRAM-SHA-256", refused.Message, StringComparison.Ordinal);
        Assert.True(await PostgresProbeRoles.CanLogInAllowingMd5Async(PostgresProbeRoles.CleartextRole, password, allowCleartext: true)); // unchanged
    }
}

/// <summary>The probe roles have fixed names (pg_hba.conf names them), so the tests that use them never run at once.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresProbeRoles
{
    public const string Name = "PostgreSQL probe roles";
    public const string Md5Role = "kagi_md5_probe";
    public const string CleartextRole = "kagi_cleartext_probe";

    public static async Task CreateAsync(string role, string password) => await ExecuteAsync(null, role, password);

    /// <summary>Creates the role with its password stored as an MD5 hash (with a SCRAM verifier the server would use SCRAM even under md5).</summary>
    public static async Task CreateWithMd5PasswordAsync(string role, string password) => await ExecuteAsync("SET password_encryption = 'md5'", role, password);

    public static async Task DropAsync(string role)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{role}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<bool> CanLogInAllowingMd5Async(string role, string password, bool allowCleartext = false)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = PostgresRoles.Host, Port = PostgresRoles.Port, Database = "postgres", Username = role, Password = password,
            Pooling = false, Timeout = 5, SslMode = SslMode.Disable, RequireAuth = allowCleartext ? "Password" : "MD5",
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return true;
    }

    /// <summary>Whether the newest connection log line of <paramref name="role"/>'s sessions says SSL (log_connections on).</summary>
    public static async Task<bool> LastSessionOfUsedTlsAsync(string role)
    {
        // pg_stat_ssl only lists live sessions; the connector's are gone, so ask the server's log through a live
        // session of the same role instead: its own SSL status proves nothing. Read the log file.
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_read_file(current_setting('data_directory') || '/../postgres.log')", connection);
        var log = (string)(await command.ExecuteScalarAsync())!;
        var line = log.Split('\n').LastOrDefault(l => l.Contains($"connection authorized: user={role}", StringComparison.Ordinal));
        return line is not null && line.Contains("SSL enabled", StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string? first, string role, string password)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        if (first is not null)
        {
            await using var set = new NpgsqlCommand(first, connection);
            await set.ExecuteNonQueryAsync();
        }

        await using var format = new NpgsqlCommand("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', @role, @password)", connection);
        format.Parameters.AddWithValue("role", role);
        format.Parameters.AddWithValue("password", password);
        await using var create = new NpgsqlCommand((string)(await format.ExecuteScalarAsync())!, connection);
        await create.ExecuteNonQueryAsync();
    }
}
