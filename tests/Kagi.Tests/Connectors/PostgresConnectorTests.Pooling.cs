using Kagi.Connectors;
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
        await WaitUntilAsync(async () => (await SessionsOfAsync(role)).Count == 0, "the login checks' sessions end");
        Assert.True(await CanLogInAsync(role, password));
    }

    [Fact]
    public async Task A_changed_admin_password_ends_the_sessions_of_the_old_one()
    {
        var (role, _) = await CreateLoginRoleAsync("adminchange");
        var admin = await CreateCreateRoleAdminAsync(role);
        await _connector.ChangePasswordAsync(Endpoint, admin, role, NewPassword(), CancellationToken.None);
        var before = Assert.Single(await SessionsOfAsync(admin.Username));

        var newAdminPassword = NewPassword();
        await ExecuteFormattedAsync("ALTER ROLE %I PASSWORD %L", admin.Username, newAdminPassword, "SET password_encryption = 'scram-sha-256'");
        var password = NewPassword();
        await _connector.ChangePasswordAsync(Endpoint, admin with { Password = newAdminPassword }, role, password, CancellationToken.None);

        Assert.True(await CanLogInAsync(role, password));
        await WaitUntilAsync(async () => !(await SessionsOfAsync(admin.Username)).Contains(before), "the old password's session ends");
        Assert.Single(await SessionsOfAsync(admin.Username));
    }

    [Fact]
    public async Task A_pooled_session_the_server_ended_is_replaced_and_the_work_still_done()
    {
        var (role, _) = await CreateLoginRoleAsync("terminated");
        var admin = await CreateCreateRoleAdminAsync(role);
        await _connector.ChangePasswordAsync(Endpoint, admin, role, NewPassword(), CancellationToken.None);
        var ended = Assert.Single(await SessionsOfAsync(admin.Username));
        await TerminateAsync(ended);
        await WaitUntilAsync(async () => (await SessionsOfAsync(admin.Username)).Count == 0, "the terminated session ends");

        var password = NewPassword();
        await _connector.ChangePasswordAsync(Endpoint, admin, role, password, CancellationToken.None);

        Assert.True(await CanLogInAsync(role, password));
        Assert.NotEqual(ended, Assert.Single(await SessionsOfAsync(admin.Username)));
    }

    [Fact]
    public async Task A_target_no_longer_called_keeps_no_session()
    {
        var (role, _) = await CreateLoginRoleAsync("unused");
        var (other, _) = await CreateLoginRoleAsync("unusedother");
        var admin = await CreateCreateRoleAdminAsync(role);
        var otherAdmin = await CreateCreateRoleAdminAsync(other);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var connector = new PostgresConnector(time);
        await connector.ChangePasswordAsync(Endpoint, admin, role, NewPassword(), CancellationToken.None);
        Assert.Single(await SessionsOfAsync(admin.Username));

        // Idle connections close after their own 30 s; this is the pool of a target nobody calls any more.
        time.Advance(TimeSpan.FromSeconds(PostgresAdminPools.UnusedSeconds + 1));
        await connector.ChangePasswordAsync(Endpoint, otherAdmin, other, NewPassword(), CancellationToken.None);

        await WaitUntilAsync(async () => (await SessionsOfAsync(admin.Username)).Count == 0, "the unused pool's session ends");
        Assert.Single(await SessionsOfAsync(otherAdmin.Username));
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

    // A backend leaves pg_stat_activity shortly after its client goes, not at the same instant.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Waited 10 s for {what}.");
            await Task.Delay(50);
        }
    }
}
