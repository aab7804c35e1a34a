using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// One person, one name, over HTTP against the real processes: names that table storage would
/// store as the same row are not names at all, capital letters fold to the one canonical name
/// everywhere (sign-in, routes, bodies, CSV), and so separation of duties cannot be dodged by
/// signing in under a second spelling.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class IdentifierHttpTests(KagiDeployment kagi)
{
    private static readonly string[] Aliases = ["eve#x", "eve/x", "eve?x", "eve\\x", "eve_x\n", "eve_x ", "\u0435ve_x"];
    private static readonly string[] UserAndApprover = ["user", "approver"];
    private static readonly string[] Approver = ["approver"];

    private KagiApi Api => kagi.Api;

    private Task<ApiResponse> LoginAsync(string tenant, string username, string password) =>
        Api.PostAsync($"/api/t/{tenant}/auth/login", new { username, password }, null);

    [Fact]
    public async Task Names_storage_would_merge_are_refused_at_sign_in_and_a_strangers_tries_never_break_the_real_users_sign_in()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "eve_x", password = TenantScript.UserPassword, roles = Approver }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);

        foreach (var alias in Aliases)
        {
            // A stranger's wrong try first (this used to leave a second activation on eve_x's row), then eve_x's own password.
            (await LoginAsync(tenant.Id, alias, "Wrong-Password-000")).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
            var refused = (await LoginAsync(tenant.Id, alias, TenantScript.UserPassword)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
            Assert.True(refused.Json.GetProperty("errors").TryGetProperty("username", out _), refused.Body);
            Assert.False(refused.Json.TryGetProperty("token", out _));

            (await LoginAsync(tenant.Id, "eve_x", TenantScript.UserPassword)).ShouldBe(HttpStatusCode.OK);
        }

        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "eve#x", password = TenantScript.UserPassword, roles = Approver }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        // A second spelling is the same user: a different one cannot be made under it.
        (await Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "Eve_X", password = "Another-Person-Pass-99", roles = Approver }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.Conflict, "already-exists");
    }

    [Fact]
    public async Task A_second_spelling_of_ones_own_name_is_the_same_person_to_separation_of_duties()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        (await Api.PostAsync($"{t}/users", new { username = "Eve_X", password = TenantScript.UserPassword, roles = UserAndApprover }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created).Text("username").ShouldEqual("eve_x");
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("id_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("id_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "PG-Main", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "App-Owner", targetId = "pg-main", username = role, password }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created).Text("id").ShouldEqual("app-owner");

        var asLower = await Api.LoginAsync(tenant.Id, "eve_x", TenantScript.UserPassword);
        var asUpper = await Api.LoginAsync(tenant.Id, "EVE_X", TenantScript.UserPassword);
        var now = DateTimeOffset.UtcNow;
        var id = (await Api.PostAsync($"{t}/requests", new { accountId = "APP-OWNER", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "one person, two spellings" }, asLower))
            .ShouldBe(HttpStatusCode.Created).Text("id");

        (await Api.PostAsync($"{t}/requests/{id}/approve", null, asUpper)).ShouldBeProblem(HttpStatusCode.Forbidden, "self-approval");
        var request = (await Api.GetAsync($"{t}/requests/{id.ToUpperInvariant()}", asUpper)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("eve_x", "pending"), (request.Text("requester"), request.Text("status")));

        // Routes fold too, and what is not an identifier at all is not a route.
        (await Api.GetAsync($"/api/t/{tenant.Id.ToUpperInvariant()}/accounts/App-Owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("id").ShouldEqual("app-owner");
        (await Api.GetAsync($"{t}/accounts/app%23owner", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
        (await Api.GetAsync($"{t}/accounts/app-owner%0A", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);

        var audit = (await Api.GetAsync($"{t}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray().ToList();
        var actors = audit.Select(e => e.GetProperty("actor").GetString()).Where(a => a is not null && a.Contains("eve", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        Assert.Equal(["eve_x"], actors);
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "request.approve" && e.GetProperty("result").GetString() == "failure");
    }

    [Fact]
    public async Task Csv_imports_fold_ids_and_refuse_names_that_are_not_identifiers()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("id_csv_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("id_csv");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);

        var refused = (await Api.SendCsvAsync($"{t}/accounts/import", $"id,targetId,username,password\nbad#id,pg,{role},{password}\n", tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "import-refused");
        Assert.Equal(2, refused.Json.GetProperty("errors")[0].GetProperty("line").GetInt32());

        var job = (await Api.SendCsvAsync($"{t}/accounts/import", $"id,targetId,username,password\nCSV-Owner,PG,{role},{password}\n", tenant.Admin)).ShouldBe(HttpStatusCode.Accepted);
        await Eventually.Async(() => Api.GetAsync(job.Headers["Location"], tenant.Admin), r => r.Status == HttpStatusCode.OK && r.Text("status") == "completed", TimeSpan.FromMinutes(1));
        (await Api.GetAsync($"{t}/accounts/csv-owner", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("targetId").ShouldEqual("pg");
    }
}

internal static class StringAssertions
{
    public static void ShouldEqual(this string actual, string expected) => Assert.Equal(expected, actual);
}
