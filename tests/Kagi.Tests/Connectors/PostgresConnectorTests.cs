using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Kagi.Connectors;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.Connectors;

/// <summary>
/// Runs the connector against the real PostgreSQL started by ./test.sh (scram-sha-256 enforced on TCP).
/// Every test creates its own uniquely named roles and drops them afterwards. Whether a password works is
/// always checked with fresh, non-pooled connections of the test's own, never through the connector.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The connector is disposed in IAsyncLifetime.DisposeAsync, before the roles are dropped.")]
public sealed partial class PostgresConnectorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly NpgsqlConnectionStringBuilder _superuser = new(TestEnvironment.PostgresAdminConnection);
    private readonly List<string> _createdRoles = [];
    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private readonly PostgresConnector _connector = new();

    private TargetEndpoint Endpoint => new(_superuser.Host!, _superuser.Port, _superuser.Database) { Egress = TestEgress.Loopback };

    private TargetCredential SuperuserCredential => new(_superuser.Username!, _superuser.Password!);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The connector's pooled admin sessions end before their roles go.
        await _connector.DisposeAsync();
        // Reverse order: admins created last may have been granted membership in earlier roles.
        for (var i = _createdRoles.Count - 1; i >= 0; i--)
        {
            await ExecuteFormattedAsync("DROP ROLE IF EXISTS %I", _createdRoles[i]);
        }
    }

    [Fact]
    public void Kind_is_postgres() => Assert.Equal("postgres", _connector.Kind);

    [Fact]
    public async Task Verify_accepts_the_right_password_and_refuses_a_wrong_one()
    {
        var (role, password) = await CreateLoginRoleAsync("verify");

        await ConnectorContract.VerifyAcceptsTheRightPasswordAndRefusesAWrongOneAsync(_connector, Endpoint, role, password, output);
    }

    [Fact]
    public async Task Verify_refuses_an_unknown_role_and_a_role_that_may_not_log_in()
    {
        var (noLogin, password) = await CreateRoleAsync("nologin", "NOLOGIN");

        Assert.False(await _connector.VerifyLoginAsync(Endpoint, noLogin, password, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, $"kagi_t_{_runId}_absent", password, CancellationToken.None));
    }

    [Fact]
    public async Task Change_password_makes_the_new_password_work_and_the_old_one_fail()
    {
        var (role, oldPassword) = await CreateLoginRoleAsync("change");
        var newPassword = NewPassword();

        var stopwatch = Stopwatch.StartNew();
        await _connector.ChangePasswordAsync(Endpoint, SuperuserCredential, role, newPassword, CancellationToken.None);
        output.WriteLine($"ChangePasswordAsync took {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(await CanLogInAsync(role, newPassword));
        Assert.False(await CanLogInAsync(role, oldPassword));
        // And the connector's own verification agrees with the fresh connections.
        Assert.True(await _connector.VerifyLoginAsync(Endpoint, role, newPassword, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, role, oldPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Non_superuser_admin_with_CREATEROLE_can_change_the_password_of_a_role_it_administers()
    {
        var (role, oldPassword) = await CreateLoginRoleAsync("target");
        var admin = await CreateCreateRoleAdminAsync(role);
        var newPassword = NewPassword();

        await _connector.ChangePasswordAsync(Endpoint, admin, role, newPassword, CancellationToken.None);

        Assert.True(await CanLogInAsync(role, newPassword));
        Assert.False(await CanLogInAsync(role, oldPassword));
    }

    [Fact]
    public async Task Change_password_sends_no_plaintext_to_the_server()
    {
        // The admin's sessions hash any plaintext password with MD5. If the connector sent the plaintext,
        // the server would store an "md5…" hash; a SCRAM entry can only come from a verifier computed client-side.
        var (role, _) = await CreateLoginRoleAsync("plaintext");
        var admin = await CreateCreateRoleAdminAsync(role);
        await ExecuteFormattedAsync("ALTER ROLE %I SET password_encryption = 'md5'", admin.Username);

        // Control: plaintext sent by this admin really is stored as MD5.
        await using (var connection = new NpgsqlConnection(LoginConnectionString(admin.Username, admin.Password)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"ALTER ROLE \"{role}\" PASSWORD '{NewPassword()}'", connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.StartsWith("md5", await StoredPasswordAsync(role), StringComparison.Ordinal);

        var newPassword = NewPassword();
        await _connector.ChangePasswordAsync(Endpoint, admin, role, newPassword, CancellationToken.None);

        var stored = await StoredPasswordAsync(role);
        Assert.StartsWith("SCRAM-SHA-256$4096:", stored, StringComparison.Ordinal);
        // The stored verifier is exactly the one for the new password under the salt the connector chose.
        var parameters = stored.Split('$')[1];
        var salt = Convert.FromBase64String(parameters[(parameters.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(16, salt.Length);
        Assert.Equal(ScramSha256Verifier.Compute(newPassword, salt), stored);
        Assert.True(await CanLogInAsync(role, newPassword));
    }

    [Fact]
    public async Task Role_names_needing_quotes_are_handled()
    {
        // A decoy whose name is the prefix of the odd one, before the quote: an unquoted or badly quoted
        // statement would address (or break out towards) it.
        var (decoy, decoyPassword) = await CreateLoginRoleAsync("Odd");
        var (odd, oldPassword) = await CreateLoginRoleAsync("Odd\"Name; drop");
        Assert.Equal(decoy + "\"Name; drop", odd);
        var newPassword = NewPassword();

        Assert.True(await _connector.VerifyLoginAsync(Endpoint, odd, oldPassword, CancellationToken.None));
        await _connector.ChangePasswordAsync(Endpoint, SuperuserCredential, odd, newPassword, CancellationToken.None);

        Assert.True(await CanLogInAsync(odd, newPassword));
        Assert.False(await CanLogInAsync(odd, oldPassword));
        Assert.True(await _connector.VerifyLoginAsync(Endpoint, odd, newPassword, CancellationToken.None));
        Assert.True(await CanLogInAsync(decoy, decoyPassword));
    }

    [Fact]
    public async Task Role_names_the_server_would_truncate_are_refused_before_anything_changes()
    {
        // PostgreSQL silently truncates identifiers to 63 bytes: "<63 bytes>x" would address "<63 bytes>".
        var (role, password) = await CreateLoginRoleAsync(new string('t', 63 - $"kagi_t_{_runId}_".Length));
        Assert.Equal(63, role.Length);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            _connector.ChangePasswordAsync(Endpoint, SuperuserCredential, role + "x", NewPassword(), CancellationToken.None));

        Assert.True(await CanLogInAsync(role, password));
    }

    [Fact]
    public async Task Unreachable_target_throws_TargetUnavailable_without_the_password_in_the_message()
    {
        var port = LoopbackPorts.Unused();
        var endpoint = new TargetEndpoint("127.0.0.1", port, null) { Egress = TestEgress.Loopback };
        var password = NewPassword();
        var adminPassword = NewPassword();

        var stopwatch = Stopwatch.StartNew();
        var verify = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(endpoint, "someone", password, CancellationToken.None));
        output.WriteLine($"VerifyLoginAsync (refused socket) took {stopwatch.ElapsedMilliseconds} ms: {verify.Message}");
        var change = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(endpoint, new TargetCredential("admin", adminPassword), "someone", password, CancellationToken.None));
        output.WriteLine($"ChangePasswordAsync: {change.Message}");

        foreach (var e in new[] { verify, change })
        {
            Assert.Contains($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", e.Message, StringComparison.Ordinal);
            AssertNoSecret(e, password, adminPassword);
        }
    }

    [Fact]
    public async Task Silent_target_throws_TargetUnavailable_after_the_short_timeout()
    {
        // Accepts TCP connections but never answers the startup message.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new TargetEndpoint("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, null) { Egress = TestEgress.Loopback };
        var password = NewPassword();

        var stopwatch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(endpoint, "someone", password, CancellationToken.None));
        stopwatch.Stop();
        output.WriteLine($"VerifyLoginAsync (silent server) took {stopwatch.ElapsedMilliseconds} ms: {e.Message}");

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        AssertNoSecret(e, password);
    }

    [Fact]
    public async Task Wrong_admin_credential_throws_TargetUnavailable()
    {
        var (role, password) = await CreateLoginRoleAsync("wrongadmin");
        var wrongAdminPassword = NewPassword();
        var newPassword = NewPassword();
        // The right credential first, so that the admin has a pooled session: a wrong password must never reach it.
        _ = await _connector.ListAccountsAsync(Endpoint, SuperuserCredential, CancellationToken.None);

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.ChangePasswordAsync(
            Endpoint, new TargetCredential(_superuser.Username!, wrongAdminPassword), role, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("refused the admin credential", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, wrongAdminPassword, newPassword, _superuser.Password!);
        Assert.True(await CanLogInAsync(role, password));
        Assert.False(await CanLogInAsync(role, newPassword));
    }

    [Fact]
    public async Task Change_password_of_a_missing_role_throws_TargetUnavailable()
    {
        var missing = $"kagi_t_{_runId}_missing";
        var newPassword = NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(Endpoint, SuperuserCredential, missing, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, newPassword, _superuser.Password!);
    }

    [Fact]
    public async Task Admin_without_privilege_over_a_superuser_throws_TargetUnavailable_and_changes_nothing()
    {
        var (superRole, password) = await CreateRoleAsync("super", "LOGIN SUPERUSER");
        var admin = await CreateCreateRoleAdminAsync(grantAdminOn: null);
        var newPassword = NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(Endpoint, admin, superRole, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        AssertNoSecret(e, newPassword, admin.Password);
        Assert.True(await CanLogInAsync(superRole, password));
        Assert.False(await CanLogInAsync(superRole, newPassword));
    }

    [Fact]
    public async Task Cancelled_call_throws_OperationCanceled_not_TargetUnavailable()
    {
        var (role, password) = await CreateLoginRoleAsync("cancel");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _connector.VerifyLoginAsync(Endpoint, role, password, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _connector.ChangePasswordAsync(Endpoint, SuperuserCredential, role, NewPassword(), cancelled.Token));

        Assert.True(await CanLogInAsync(role, password));
    }

    [Fact]
    public async Task Discovery_lists_a_role_created_directly_on_the_server_and_marks_NOLOGIN_roles()
    {
        var (role, _) = await CreateLoginRoleAsync("discover");
        var (noLogin, _) = await CreateRoleAsync("discovernologin", "NOLOGIN");

        var stopwatch = Stopwatch.StartNew();
        var accounts = await _connector.ListAccountsAsync(Endpoint, SuperuserCredential, CancellationToken.None);
        output.WriteLine($"ListAccountsAsync took {stopwatch.ElapsedMilliseconds} ms for {accounts.Count} roles");

        Assert.True(Assert.Single(accounts, a => a.Username == role).CanLogIn);
        Assert.False(Assert.Single(accounts, a => a.Username == noLogin).CanLogIn);
        Assert.Equal("superuser", Assert.Single(accounts, a => a.Username == _superuser.Username).Detail);
        Assert.DoesNotContain(accounts, a => a.Username.StartsWith("pg_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_time_role_logs_in_after_creation_and_is_gone_after_removal()
    {
        var role = $"kagi_t_{_runId}_onetime";
        _createdRoles.Add(role);
        var password = NewPassword();

        var stopwatch = Stopwatch.StartNew();
        await _connector.CreateAccountAsync(Endpoint, SuperuserCredential, role, password, CancellationToken.None);
        output.WriteLine($"CreateAccountAsync took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(await CanLogInAsync(role, password));
        Assert.StartsWith("SCRAM-SHA-256$", await StoredPasswordAsync(role), StringComparison.Ordinal);

        var removal = await _connector.RemoveAccountAsync(Endpoint, SuperuserCredential, role, CancellationToken.None);

        Assert.Equal(AccountRemoval.Removed, removal);
        Assert.False(await CanLogInAsync(role, password));
        Assert.Equal(AccountRemoval.AlreadyAbsent, await _connector.RemoveAccountAsync(Endpoint, SuperuserCredential, role, CancellationToken.None));
    }

    [Fact]
    public async Task A_non_superuser_CREATEROLE_admin_can_create_and_drop_one_time_roles()
    {
        var admin = await CreateCreateRoleAdminAsync(grantAdminOn: null);
        var role = $"kagi_t_{_runId}_byadmin";
        _createdRoles.Add(role);
        var password = NewPassword();

        await _connector.CreateAccountAsync(Endpoint, admin, role, password, CancellationToken.None);
        Assert.True(await CanLogInAsync(role, password));

        Assert.Equal(AccountRemoval.Removed, await _connector.RemoveAccountAsync(Endpoint, admin, role, CancellationToken.None));
        Assert.False(await CanLogInAsync(role, password));
    }

    [Fact]
    public async Task A_role_that_owns_objects_is_disabled_instead_of_dropped()
    {
        var (role, password) = await CreateLoginRoleAsync("owner");
        await ExecuteFormattedAsync("CREATE SCHEMA %I AUTHORIZATION %I", role, role);
        try
        {
            var removal = await _connector.RemoveAccountAsync(Endpoint, SuperuserCredential, role, CancellationToken.None);

            Assert.Equal(AccountRemoval.Disabled, removal);
            Assert.False(await CanLogInAsync(role, password));
        }
        finally
        {
            await ExecuteFormattedAsync("DROP SCHEMA %I", role);
        }
    }

    [Fact]
    public async Task Creating_a_role_that_already_exists_throws_and_leaves_it_untouched()
    {
        var (role, password) = await CreateLoginRoleAsync("exists");
        var newPassword = NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.CreateAccountAsync(Endpoint, SuperuserCredential, role, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, newPassword, _superuser.Password!);
        Assert.True(await CanLogInAsync(role, password));
        Assert.False(await CanLogInAsync(role, newPassword));
    }

    [Fact]
    public async Task Discovery_and_one_time_roles_with_a_wrong_admin_credential_throw_TargetUnavailable()
    {
        var wrong = new TargetCredential(_superuser.Username!, NewPassword());

        var list = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ListAccountsAsync(Endpoint, wrong, CancellationToken.None));
        var create = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.CreateAccountAsync(Endpoint, wrong, $"kagi_t_{_runId}_never", NewPassword(), CancellationToken.None));

        foreach (var e in new[] { list, create })
        {
            Assert.Contains("refused the admin credential", e.Message, StringComparison.Ordinal);
            AssertNoSecret(e, wrong.Password);
        }
    }

    private static void AssertNoSecret(Exception e, params string[] secrets)
    {
        var everything = e.ToString();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static string NewPassword() => "Kg" + RandomNumberGenerator.GetHexString(30, lowercase: true);

    private Task<(string Name, string Password)> CreateLoginRoleAsync(string suffix) => CreateRoleAsync(suffix, "LOGIN");

    /// <summary>Creates a role with a password the server hashes itself (the connector is not involved).</summary>
    private async Task<(string Name, string Password)> CreateRoleAsync(string suffix, string options)
    {
        var name = $"kagi_t_{_runId}_{suffix}";
        var password = NewPassword();
        _createdRoles.Add(name);
        await ExecuteFormattedAsync(
            $"CREATE ROLE %I {options} PASSWORD %L", name, password, "SET password_encryption = 'scram-sha-256'");
        return (name, password);
    }

    /// <summary>A non-superuser admin: CREATEROLE, plus ADMIN OPTION on the target (required from PostgreSQL 16 on).</summary>
    private async Task<TargetCredential> CreateCreateRoleAdminAsync(string? grantAdminOn)
    {
        var (admin, password) = await CreateRoleAsync($"admin{_createdRoles.Count}", "LOGIN CREATEROLE");
        if (grantAdminOn is not null)
        {
            await ExecuteFormattedAsync("GRANT %I TO %I WITH ADMIN OPTION", grantAdminOn, admin);
        }

        return new TargetCredential(admin, password);
    }

    /// <summary>Runs a statement built server-side by <c>format()</c>, so the tests' quoting does not rely on the connector's.</summary>
    private async Task ExecuteFormattedAsync(string format, string first, string? second = null, string? prelude = null)
    {
        await using var connection = new NpgsqlConnection(_superuser.ConnectionString);
        await connection.OpenAsync();
        if (prelude is not null)
        {
            await using var set = new NpgsqlCommand(prelude, connection);
            await set.ExecuteNonQueryAsync();
        }

        string statement;
        await using (var build = new NpgsqlCommand(second is null ? "SELECT format($1, $2)" : "SELECT format($1, $2, $3)", connection))
        {
            build.Parameters.Add(new NpgsqlParameter { Value = format });
            build.Parameters.Add(new NpgsqlParameter { Value = first });
            if (second is not null)
            {
                build.Parameters.Add(new NpgsqlParameter { Value = second });
            }

            statement = (string)(await build.ExecuteScalarAsync())!;
        }

        await using var run = new NpgsqlCommand(statement, connection);
        await run.ExecuteNonQueryAsync();
    }

    private async Task<string> StoredPasswordAsync(string role)
    {
        await using var connection = new NpgsqlConnection(_superuser.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT rolpassword FROM pg_authid WHERE rolname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private string LoginConnectionString(string username, string password) => new NpgsqlConnectionStringBuilder(_superuser.ConnectionString)
    {
        Username = username,
        Password = password,
        Database = _superuser.Database ?? PostgresConnector.DefaultDatabase,
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>A fresh, non-pooled login that does not go through the connector.</summary>
    private async Task<bool> CanLogInAsync(string username, string password)
    {
        try
        {
            await using var connection = new NpgsqlConnection(LoginConnectionString(username, password));
            await connection.OpenAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return false;
        }
    }
}
