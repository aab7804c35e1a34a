using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Generated passwords need at least 80 bits of entropy over HTTP: a target's passwordRules or an
/// account's passwordPolicy that give fewer are refused with a 400 naming the field and its bits;
/// accepted changes are audited with their values.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class PasswordPolicyHttpTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Rules_below_80_bits_are_refused_naming_the_field_and_accepted_ones_are_audited_with_their_values()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_admin", "CREATEROLE");
        var (owner, ownerPassword) = await PostgresRoles.CreateAsync("e2e_owner");
        object Target(string id, object? rules) => new
        {
            id, kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword, passwordRules = rules,
        };

        var weakTarget = (await Api.PostAsync($"{t}/targets", Target("short", new { maximumLength = 12 }), tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"{t}/targets", Target("capped", new { maximumLength = 16, excludedCharacters = "O0" }), tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "capped", username = owner, password = ownerPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var onePool = (await Api.SendAsync(HttpMethod.Put, $"{t}/accounts/owner/policy",
            new { passwordPolicy = new { length = 1, uppercase = false, lowercase = false, digits = false, symbols = true } }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        var cappedByTarget = (await Api.SendAsync(HttpMethod.Put, $"{t}/accounts/owner/policy",
            new { passwordPolicy = new { length = 24, uppercase = false, symbols = false } }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");

        Assert.StartsWith("passwordRules gives generated passwords only 64 bits of entropy (12 characters from 69)", Detail(weakTarget), StringComparison.Ordinal);
        Assert.StartsWith("passwordPolicy gives generated passwords only 3 bits of entropy (1 characters from 12)", Detail(onePool), StringComparison.Ordinal);
        Assert.StartsWith("passwordPolicy, as the target's passwordRules limit it, gives generated passwords only 78 bits", Detail(cappedByTarget), StringComparison.Ordinal);
        (await Api.SendAsync(HttpMethod.Put, $"{t}/accounts/owner/policy",
            new { passwordPolicy = new { length = 20, symbols = false, excludedCharacters = "lI" } }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("completed", (await Api.PostAsync($"{t}/accounts/owner/rotate", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        var policies = await AuditAsync(tenant, "account.policy");
        var targets = await AuditAsync(tenant, "target.create");
        Assert.Contains(("success", "passwords 20 characters, upper True, lower True, digits True, symbols False, excluded \"lI\""),
            policies.Select(e => (e.Result, e.Detail[(e.Detail.IndexOf("passwords ", StringComparison.Ordinal))..])));
        Assert.Contains(targets, e => e.Result == "success" && e.Detail.EndsWith("password rules 0 to 16 characters, require upper False, lower False, digits False, symbols False, excluded \"O0\"", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, e => e.Detail.Contains(adminPassword, StringComparison.Ordinal));
    }

    private static string Detail(ApiResponse problem) => problem.Json.GetProperty("detail").GetString()!;

    private async Task<List<(string Result, string Detail)>> AuditAsync(TenantScript tenant, string kind) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind={kind}&limit=50", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("result").GetString()!, e.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : ""))];
}
