using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Over HTTP against the real Silo and Frontend processes and PostgreSQL: sign-in answers that do not
/// tell which usernames exist, credentials that end with a password change, and a disabled user's
/// check-outs ended on the target.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class CredentialHardeningHttpTests(KagiDeployment kagi)
{
    private static readonly string[] User = ["user"];
    private KagiApi Api => kagi.Api;

    private Task<ApiResponse> LoginAsync(string tenant, string username, string password, string ip) =>
        Api.SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login", new { username, password }, null, new Dictionary<string, string> { ["X-Forwarded-For"] = ip });

    [Fact]
    public async Task A_known_and_an_unknown_username_get_the_same_answers_after_the_same_tries()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/settings/lockout", new
        {
            threshold = 3, durationSeconds = 600, maximumDurationSeconds = 3600, sprayUsers = 10, sprayWindowSeconds = 600, sprayBlockSeconds = 900,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        async Task<List<string>> TryAsync(string username, string ip)
        {
            var answers = new List<string>();
            foreach (var password in new[] { "Wrong-Password-000", "Wrong-Password-000", "Wrong-Password-000", TenantScript.UserPassword, "Wrong-Password-000" })
            {
                var response = await LoginAsync(tenant.Id, username, password, ip);
                answers.Add($"{(int)response.Status} {response.Json.GetProperty("type").GetString()!.Split('/')[^1]} retry-after={response.RetryAfter is not null}");
            }

            return answers;
        }

        var known = await TryAsync("bob", "192.0.2.61");
        var unknown = await TryAsync("nobody", "192.0.2.62");

        Assert.Equal(known, unknown);
        Assert.Equal(["401 invalid-credentials retry-after=False", "401 invalid-credentials retry-after=False",
            "423 locked retry-after=True", "423 locked retry-after=True", "423 locked retry-after=True"], unknown);
    }

    [Fact]
    public async Task A_password_change_ends_api_tokens_with_a_notice_and_making_one_needs_the_current_password()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var tokens = $"/api/t/{tenant.Id}/me/api-tokens";
        (await Api.PostAsync(tokens, new { name = "ci", roles = User, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = "Wrong-Password-000" }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await Api.PostAsync(tokens, new { name = "ci", roles = User, expiresAt = DateTimeOffset.UtcNow.AddDays(1) }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"/api/t/{tenant.Id}/me/mfa/totp", new { currentPassword = "Wrong-Password-000" }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var token = (await Api.PostAsync(tokens, new { name = "ci", roles = User, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = TenantScript.UserPassword }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("token");
        (await Api.GetAsync($"/api/t/{tenant.Id}/requests", token)).ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/t/{tenant.Id}/me/password", new { currentPassword = TenantScript.UserPassword, newPassword = "Vault-Keeper-7731-Blue" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync($"/api/t/{tenant.Id}/requests", token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var bob = await Api.LoginAsync(tenant.Id, "bob", "Vault-Keeper-7731-Blue");
        var notices = (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("api-tokens-revoked", notices.Json[0].GetProperty("kind").GetString());
        Assert.Contains("ci", notices.Json[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_a_user_checks_in_and_rotates_what_they_hold_so_their_password_stops_working()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("e2e_owner");
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new
        {
            accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "fix the schema",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        Assert.True(await PostgresRoles.CanLogInAsync(role, password), "the checked-out password logs in");

        (await Api.PostAsync($"/api/t/{tenant.Id}/users/bob/disable", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);

        Assert.False(await PostgresRoles.CanLogInAsync(role, password), "after the holder is disabled the password no longer logs in");
        var account = (await Api.GetAsync($"/api/t/{tenant.Id}/accounts/owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(account.Json.GetProperty("leases").EnumerateArray());
        (await Api.GetAsync($"/api/t/{tenant.Id}/requests", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var audit = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=100", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("result").GetString()} {e.GetProperty("detail").GetString()}")
            .ToList();
        Assert.Contains($"alice user.disable success checked in: owner ({requestId})", audit);
        Assert.Contains($"kagi:system account.checkin success lease of bob ended by kagi:system: user bob disabled by alice", audit);
        Assert.Contains(audit, e => e.StartsWith("kagi:system account.rotate success", StringComparison.Ordinal));
    }
}
