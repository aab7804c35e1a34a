using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>The inventory's listings over HTTP: users, targets and accounts with filters and continuation paging,
/// problems for bad filters, read access for admins and auditors only, and the admin's rebuild.</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class InventoryHttpTests(KagiDeployment kagi)
{
    private static readonly string[] Dba = ["dba"];
    private static readonly string[] BadUserFilters = ["role", "status", "prefix"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Admins_and_auditors_list_users_targets_and_accounts_in_pages_with_filters()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/carol/profile", new { groups = Dba }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        var firstPage = (await Api.GetAsync($"{t}/users?limit=3", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["alice", "bob", "carol"], Names(firstPage, "users", "username"));
        var secondPage = (await Api.GetAsync($"{t}/users?limit=3&continuation={firstPage.Text("continuation")}", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["dave"], Names(secondPage, "users", "username"));
        Assert.Equal(JsonValueKind.Null, secondPage.Json.GetProperty("continuation").ValueKind);
        Assert.Equal(["carol"], Names((await Api.GetAsync($"{t}/users?role=approver", tenant.Admin)).ShouldBe(HttpStatusCode.OK), "users", "username"));
        Assert.Equal(["carol"], Names((await Api.GetAsync($"{t}/users?group=DBA&status=active", tenant.Admin)).ShouldBe(HttpStatusCode.OK), "users", "username"));
        Assert.Equal(["bob"], Names((await Api.GetAsync($"{t}/users?prefix=b", tenant.Admin)).ShouldBe(HttpStatusCode.OK), "users", "username"));
        Assert.Equal("approver", (await Api.GetAsync($"{t}/users/carol", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("roles")[0].GetString());
        (await Api.GetAsync($"{t}/users/zed", tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"{t}/users", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.GetAsync($"{t}/users/alice", tenant.Carol)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var badUsers = (await Api.GetAsync($"{t}/users?role=root&status=gone&prefix=a%23", tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.True(BadUserFilters.All(field => badUsers.Json.GetProperty("errors").TryGetProperty(field, out _)), badUsers.Body);

        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("inv_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("inv_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres", adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        var targets = (await Api.GetAsync($"{t}/targets", tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["pg"], Names(targets, "targets", "id"));
        Assert.False(targets.Body.Contains(adminPassword, StringComparison.Ordinal));
        Assert.Equal("postgres", (await Api.GetAsync($"{t}/targets/pg", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("kind"));
        (await Api.GetAsync($"{t}/targets/none", tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"{t}/targets", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(["owner"], Names((await Api.GetAsync($"{t}/accounts?target=pg&status=idle&checkedOut=false&prefix=ow", tenant.Dave)).ShouldBe(HttpStatusCode.OK), "accounts", "id"));
        Assert.Empty(Names((await Api.GetAsync($"{t}/accounts?checkedOut=true", tenant.Admin)).ShouldBe(HttpStatusCode.OK), "accounts", "id"));
        Assert.Empty(Names((await Api.GetAsync($"{t}/accounts?target=other", tenant.Admin)).ShouldBe(HttpStatusCode.OK), "accounts", "id"));
        var badAccounts = (await Api.GetAsync($"{t}/accounts?checkedOut=maybe&target=a%2Fb", tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.True(badAccounts.Json.GetProperty("errors").TryGetProperty("checkedOut", out _), badAccounts.Body);

        (await Api.PostAsync($"{t}/inventory/rebuild", null, tenant.Dave)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var rebuilt = (await Api.PostAsync($"{t}/inventory/rebuild", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((1, 4, 1), (rebuilt.Json.GetProperty("accounts").GetInt32(), rebuilt.Json.GetProperty("users").GetInt32(), rebuilt.Json.GetProperty("targets").GetInt32()));
        Assert.Equal(["alice", "bob", "carol", "dave"], Names((await Api.GetAsync($"{t}/users", tenant.Admin)).ShouldBe(HttpStatusCode.OK), "users", "username"));
    }

    private static List<string?> Names(ApiResponse response, string list, string property) =>
        [.. response.Json.GetProperty(list).EnumerateArray().Select(item => item.GetProperty(property).GetString())];
}
