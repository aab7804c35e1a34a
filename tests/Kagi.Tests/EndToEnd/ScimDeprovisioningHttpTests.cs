using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// SCIM deprovisioning takes effect at once: a user the SCIM client provisioned and then sets inactive or deletes
/// loses every session and API token, and what they hold checked out on the real PostgreSQL is checked in and
/// rotated, so the password they were given no longer logs in.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class ScimDeprovisioningHttpTests(KagiDeployment kagi)
{
    private const string Password = "Scim-Provisioned-42!";
    private static readonly string[] User = ["user"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Active_false_ends_sessions_and_api_tokens_and_checks_in_and_rotates_what_the_user_holds()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var scim = await ScimClient.CreateAsync(Api, tenant, "okta");
        var holder = await HoldAsync(tenant, scim, "hana");

        var disabled = (await scim.PatchAsync("/Users/hana", """[{"op":"replace","path":"active","value":false}]""")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(disabled.GetProperty("active").GetBoolean());
        await AssertEndedAsync(tenant, holder);
        Assert.Contains($"scim:okta user.disable hana success checked in: owner ({holder.RequestId})", await ManagementAudit.LinesAsync(Api, tenant));
    }

    [Fact]
    public async Task Delete_ends_sessions_and_api_tokens_and_checks_in_and_rotates_what_the_user_held()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var scim = await ScimClient.CreateAsync(Api, tenant);
        var holder = await HoldAsync(tenant, scim, "ivan");

        (await scim.SendAsync(HttpMethod.Delete, "/Users/ivan", null)).ShouldBe(HttpStatusCode.NoContent);

        await AssertEndedAsync(tenant, holder);
        Assert.Equal("revoked", (await Api.GetAsync($"/api/t/{tenant.Id}/requests/{holder.RequestId}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        Assert.Contains(await ManagementAudit.LinesAsync(Api, tenant), line => line.StartsWith($"scim:entra user.delete ivan success revoked: {holder.RequestId}", StringComparison.Ordinal));
    }

    /// <summary>The SCIM client provisions <paramref name="username"/>, who signs in, makes an API token, and checks
    /// out a PostgreSQL account under a request carol approved; both credentials work before the test acts.</summary>
    private async Task<Holder> HoldAsync(TenantScript tenant, ScimClient scim, string username)
    {
        var t = $"/api/t/{tenant.Id}";
        await scim.CreateUserAsync(username, Password);
        var session = await Api.LoginAsync(tenant.Id, username, Password);
        var now = DateTimeOffset.UtcNow;
        var token = (await Api.PostAsync($"{t}/me/api-tokens", new { name = "ci", roles = User, expiresAt = now.AddDays(1), currentPassword = Password }, session))
            .ShouldBe(HttpStatusCode.Created).Text("token");
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("scim_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("scim_held");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var requestId = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "fix the schema" }, session))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"{t}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId }, session)).ShouldBe(HttpStatusCode.OK).Text("password");

        Assert.True(await PostgresRoles.CanLogInAsync(role, password), "the checked-out password logs in");
        (await Api.GetAsync($"{t}/requests", session)).ShouldBe(HttpStatusCode.OK);
        (await Api.GetAsync($"{t}/requests", token)).ShouldBe(HttpStatusCode.OK);
        return new Holder(username, session, token, role, password, requestId);
    }

    private async Task AssertEndedAsync(TenantScript tenant, Holder holder)
    {
        var t = $"/api/t/{tenant.Id}";
        (await Api.GetAsync($"{t}/requests", holder.Session)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync($"{t}/requests", holder.ApiToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.PostAsync($"{t}/auth/login", new { username = holder.Username, password = Password }, null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.False(await PostgresRoles.CanLogInAsync(holder.Role, holder.Password), "what the user held was checked in and rotated");
        var account = (await Api.GetAsync($"{t}/accounts/owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(account.Json.GetProperty("leases").EnumerateArray());
        Assert.Contains(await ManagementAudit.LinesAsync(Api, tenant), line => line.StartsWith("kagi:system account.rotate owner success", StringComparison.Ordinal));
    }

    private sealed record Holder(string Username, string Session, string ApiToken, string Role, string Password, string RequestId);
}
