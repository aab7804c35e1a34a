using System.Net;
using Kagi.Tests.Infrastructure;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.EndToEnd;

[Collection(ThirdKagiDeploymentGroup.Name)]
public sealed class SiloCrashTests(KagiDeployment kagi, ITestOutputHelper output)
{
    private KagiApi Api => kagi.Api;

    /// <summary>
    /// The silo is killed (SIGKILL) after the new password was stored as pending and while the
    /// target is changing it; the change then lands on the target with nobody to commit it. After a
    /// restart the reminder finishes the rotation and the vault's password logs in.
    /// </summary>
    [Fact]
    public async Task A_silo_killed_between_pending_and_commit_recovers_and_the_vault_password_logs_in()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        // An open transaction holding the role's catalog row makes Kagi's ALTER ROLE wait on the target.
        await using var blocker = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await ExecuteAsync(blocker, transaction, "SELECT format('ALTER ROLE %I PASSWORD %L', @role, 'Blocker-Pass-1')", role);

        var rotation = Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/rotate", null, tenant.Admin);
        await WaitUntilAlterRoleIsBlockedAsync();
        await kagi.KillSiloAsync();
        await transaction.RollbackAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await kagi.StartSiloAsync();
        output.WriteLine($"silo ready again after {clock.Elapsed}");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await Api.GetAsync($"/api/t/{tenant.Id}/accounts/owner", tenant.Admin)).Json is var account
            && (account.GetProperty("rotationStatus").GetString() != "idle" || account.GetProperty("lastRotatedAt").ValueKind == System.Text.Json.JsonValueKind.Null))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rotation did not recover: {account}");
            await Task.Delay(500);
        }

        output.WriteLine($"rotation recovered after {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(async () => (await rotation).ShouldBe(HttpStatusCode.OK));
        output.WriteLine($"the interrupted call ended after {clock.Elapsed}");
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new { accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "after the crash" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        Assert.True(await PostgresRoles.CanLogInAsync(role, password), "the vault's password logs in after recovery");
        Assert.False(await PostgresRoles.CanLogInAsync(role, initialPassword));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string formatSql, string role)
    {
        await using var format = new NpgsqlCommand(formatSql, connection, transaction);
        format.Parameters.AddWithValue("role", role);
        var ddl = (string)(await format.ExecuteScalarAsync())!;
        await using var command = new NpgsqlCommand(ddl, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitUntilAlterRoleIsBlockedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await using var monitor = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await monitor.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'ALTER ROLE%'", monitor);
        while ((long)(await query.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Kagi's ALTER ROLE never reached the target");
            await Task.Delay(100);
        }
    }
}
