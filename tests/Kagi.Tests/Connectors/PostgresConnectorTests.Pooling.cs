using Kagi.Connectors;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Kagi.Tests.Connectors;

/// <summary>
/// The admin's pooled sessions (<see cref="PostgresAdminPools"/>), watched from the server's side in
/// <c>pg_stat_activity</c>: admin work reuses one session, a login check never does, and a changed admin password,
/// an ended session and a target no longer called each leave no session of the old pool behind.
/// </summary>
public sealed partial class PostgresConnectorTests
{
    // A backend leaves pg_stat_activity shortly after its client goes, not at the same instant.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Admin_work_reuses_one_pooled_session_and_a_login_check_never_keeps_one()
    {
        var (role, _) = await CreateLoginRoleAsync("pooled");
        var admin = await CreateCreateRoleAdminAsync(role);

        var sessions = new List<int>();
        string password = "";
        for (var i = 0; i < 3; i++)
        {
            password = NewPassword();
            await _connector.ChangePasswordAsync(Endpoint, admin, role, password, CancellationToken.None);
            sessions.Add(Assert.Single(await SessionsOfAsync(admin.Username)));
        }

        Assert.Single(sessions.Distinct());
        Assert.True(await _connector.VerifyLoginAsync(Endpoint, role, password, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, role, NewPassword(), CancellationToken.None));
        await Eventually.Async(() => SessionsOfAsync(role), sessions => sessions.Count == 0, Patience);
        Assert.True(await CanLogInAsync(role, password));
    }

    [Fact]
    public async Task A_changed_admin_password_ends_the_sessions_of_the_old_one()
    {
        var (role, admin, before) = await AdminWithOneSessionAsync(_connector, "adminchange");

        var newAdminPassword = NewPassword();
        await ExecuteFormattedAsync("ALTER ROLE %I PASSWORD %L", admin.Username, newAdminPassword, "SET password_encryption = 'scram-sha-256'");
        var password = NewPassword();
        await _connector.ChangePasswordAsync(Endpoint, admin with { Password = newAdminPassword }, role, password, CancellationToken.None);

        Assert.True(await CanLogInAsync(role, password));
        await Eventually.Async(() => SessionsOfAsync(admin.Username), sessions => !sessions.Contains(before), Patience);
        Assert.Single(await SessionsOfAsync(admin.Username));
    }

    [Fact]
    public async Task A_pooled_session_the_server_ended_is_replaced_and_the_work_still_done()
    {
        var (role, admin, ended) = await AdminWithOneSessionAsync(_connector, "terminated");
        await TerminateAsync(ended);
        await Eventually.Async(() => SessionsOfAsync(admin.Username), sessions => sessions.Count == 0, Patience);

        var password = NewPassword();
        await _connector.ChangePasswordAsync(Endpoint, admin, role, password, CancellationToken.None);

        Assert.True(await CanLogInAsync(role, password));
        Assert.NotEqual(ended, Assert.Single(await SessionsOfAsync(admin.Username)));
    }

    [Fact]
    public async Task A_target_no_longer_called_keeps_no_session()
    {
        var (other, _) = await CreateLoginRoleAsync("unusedother");
        var otherAdmin = await CreateCreateRoleAdminAsync(other);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var connector = new PostgresConnector(time);
        var (_, admin, _) = await AdminWithOneSessionAsync(connector, "unused");

        // Idle connections close after their own 30 s; this is the pool of a target nobody calls any more.
        time.Advance(TimeSpan.FromSeconds(PostgresAdminPools.UnusedSeconds + 1));
        await connector.ChangePasswordAsync(Endpoint, otherAdmin, other, NewPassword(), CancellationToken.None);

        await Eventually.Async(() => SessionsOfAsync(admin.Username), sessions => sessions.Count == 0, Patience);
        Assert.Single(await SessionsOfAsync(otherAdmin.Username));
    }

    /// <summary>A role and an admin of it whose one pooled session (its backend's pid) a password change opened.</summary>
    private async Task<(string Role, TargetCredential Admin, int Session)> AdminWithOneSessionAsync(PostgresConnector connector, string suffix)
    {
        var (role, _) = await CreateLoginRoleAsync(suffix);
        var admin = await CreateCreateRoleAdminAsync(role);
        await connector.ChangePasswordAsync(Endpoint, admin, role, NewPassword(), CancellationToken.None);
        return (role, admin, Assert.Single(await SessionsOfAsync(admin.Username)));
    }

    /// <summary>The server's backends logged in as <paramref name="role"/>.</summary>
    private async Task<List<int>> SessionsOfAsync(string role)
    {
        await using var connection = new NpgsqlConnection(_superuser.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_catalog.pg_stat_activity WHERE usename = $1 ORDER BY pid", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(_superuser.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_catalog.pg_terminate_backend($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pid });
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }
}
