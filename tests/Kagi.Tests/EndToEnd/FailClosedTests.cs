using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A deployment of its own on a private Azurite that the test kills: with the table store gone,
/// operations that reveal or change a secret or a policy are refused with 503 and never happen
/// unaudited; no password leaves.
/// </summary>
[CollectionCost(112)]
public sealed class FailClosedTests
{
    private static readonly string[] AdminRole = ["admin"];

    [Fact]
    public async Task With_the_table_store_stopped_check_out_is_refused_and_no_secret_leaves()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        var kagi = new KagiDeployment(azurite.Connection);
        try
        {
            await kagi.InitializeAsync();
            var api = kagi.Api;
            var tenant = await TenantScript.OpenAsync(api);
            var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("fc_admin", "CREATEROLE");
            var (role, password) = await PostgresRoles.CreateAsync("fc_owner");
            (await api.PostAsync($"/api/t/{tenant.Id}/targets", new
            {
                id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres",
                adminUsername = adminRole, adminPassword,
            }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
            (await api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin))
                .ShouldBe(HttpStatusCode.Created);
            var requestId = (await api.PostAsync($"/api/t/{tenant.Id}/requests", new
            {
                accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "audit outage drill",
            }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");
            (await api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
            // Everything a check-out needs is active in memory now; only the audit store will be missing.
            (await api.GetAsync($"/api/t/{tenant.Id}/accounts/owner", tenant.Bob)).ShouldBe(HttpStatusCode.OK);

            await azurite.StopAsync();

            var checkout = (await api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob))
                .ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "audit-unavailable");
            Assert.DoesNotContain(password, checkout.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"password\"", checkout.Body, StringComparison.Ordinal);
            (await api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/rotate", null, tenant.Admin))
                .ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "audit-unavailable");
            (await api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "eve", password = TenantScript.UserPassword, roles = AdminRole }, tenant.Admin))
                .ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "audit-unavailable");

            // Security settings and the tenant's data key change only with their intent on record.
            (await api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/lockout", new
            {
                threshold = 3, durationSeconds = 600, maximumDurationSeconds = 3600, sprayUsers = 10, sprayWindowSeconds = 600, sprayBlockSeconds = 900,
            }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "audit-unavailable");
            (await api.PostAsync($"/api/t/{tenant.Id}/keys/rotate", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "audit-unavailable");

            // Nothing happened on the target either: the managed password still works, unrotated.
            Assert.True(await PostgresRoles.CanLogInAsync(role, password));
        }
        finally
        {
            await kagi.DisposeAsync();
        }
    }
}
