using System.Net;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;

namespace Kagi.Tests.Console;

/// <summary>What a console test needs before it opens the browser, made through the API.</summary>
public static class ConsoleFixtures
{
    /// <summary>A real PostgreSQL target and one managed role on it; returns the account id.</summary>
    public static async Task<string> CreatePostgresAccountAsync(KagiApi api, TenantScript tenant)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(tenant);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("console_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("console_owner");
        (await api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        return "owner";
    }
}
