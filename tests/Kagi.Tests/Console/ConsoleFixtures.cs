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
        await CreatePostgresAccountWithRoleAsync(api, tenant);
        return "owner";
    }

    /// <summary>A real PostgreSQL target and account <c>owner</c> for a fresh role; returns the role and its first password.</summary>
    public static async Task<(string Role, string Password)> CreatePostgresAccountWithRoleAsync(KagiApi api, TenantScript tenant)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(tenant);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("console_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("console_owner");
        (await api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        return (role, password);
    }

    /// <summary>Sets <paramref name="username"/>'s profile language (the console's choice once signed in) to that of <paramref name="locale"/>.</summary>
    public static async Task SpeaksAsync(KagiApi api, TenantScript tenant, string username, string locale)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(locale);
        (await api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/{username}/profile", new { locale = locale[..2] }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Bob's request for <c>owner</c>, open now for an hour, approved by carol; returns its id.</summary>
    public static async Task<string> ApprovedRequestAsync(KagiApi api, TenantScript tenant)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(tenant);
        var requestId = (await api.PostAsync($"/api/t/{tenant.Id}/requests", new
        {
            accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "console check",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");
        (await api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        return requestId;
    }
}
