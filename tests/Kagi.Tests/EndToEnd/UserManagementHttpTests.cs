using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Roles and groups, enabling and offboarding users over HTTP against the real processes.</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class UserManagementHttpTests(KagiDeployment kagi)
{
    private static readonly string[] Admin = ["admin"];
    private static readonly string[] Auditor = ["auditor"];
    private static readonly string[] AuditorUser = ["auditor", "user"];
    private static readonly string[] Dba = ["dba"];
    private static readonly string[] Root = ["root"];
    private static readonly string[] User = ["user"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task An_admin_changes_roles_and_groups_and_a_role_taken_away_ends_the_users_sessions()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";

        var changed = (await Api.SendAsync(HttpMethod.Put, $"{t}/users/carol/roles", new { roles = User, groups = Dba }, tenant.Admin))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["user"], changed.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["dba"], changed.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));

        // carol's session was made as an approver: it ends with the role.
        (await Api.GetAsync($"{t}/requests", tenant.Carol)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var carol = await Api.LoginAsync(tenant.Id, "carol", TenantScript.UserPassword);
        (await Api.GetAsync($"{t}/me/notices", carol)).ShouldBe(HttpStatusCode.OK);

        // Adding a role takes nothing away: dave's session goes on.
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/dave/roles", new { roles = AuditorUser }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.GetAsync($"{t}/audit?limit=1", tenant.Dave)).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("alice user.roles carol success roles user; groups [dba]", await ManagementAudit.LinesAsync(Api, tenant));
    }

    [Fact]
    public async Task Only_an_admin_changes_roles_and_unknown_users_or_roles_are_refused()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";

        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/bob/roles", new { roles = Admin }, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/nobody/roles", new { roles = User }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        var invalid = (await Api.SendAsync(HttpMethod.Put, $"{t}/users/bob/roles", new { roles = Root }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.True(invalid.Json.GetProperty("errors").TryGetProperty("roles", out _), invalid.Body);
        (await Api.PostAsync($"{t}/users/bob/enable", null, tenant.Carol)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/users/carol", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/users/nobody", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains("bob user.roles bob failure forbidden", audit);
        Assert.Contains("bob user.delete carol failure forbidden", audit);
    }

    [Fact]
    public async Task The_last_enabled_admin_keeps_the_role_and_can_neither_be_disabled_nor_deleted_until_another_admin_exists()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";

        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/alice/roles", new { roles = Auditor }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "last-admin");
        (await Api.PostAsync($"{t}/users/alice/disable", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "last-admin");
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/users/alice", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "last-admin");
        (await Api.GetAsync($"{t}/audit?limit=1", tenant.Dave)).ShouldBe(HttpStatusCode.OK);

        // A disabled admin is no second admin.
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/carol/roles", new { roles = Admin }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"{t}/users/carol/disable", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/alice/roles", new { roles = Auditor }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "last-admin");

        // Enabled again, carol is the other admin, and alice may step down.
        (await Api.PostAsync($"{t}/users/carol/enable", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/alice/roles", new { roles = Auditor }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var carol = await Api.LoginAsync(tenant.Id, "carol", TenantScript.UserPassword);
        (await Api.SendAsync(HttpMethod.Delete, $"{t}/users/carol", null, carol)).ShouldBeProblem(HttpStatusCode.Conflict, "last-admin");

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains("alice user.roles alice failure roles auditor; last-admin", audit);
        Assert.Contains("alice user.enable carol success", audit);
    }

    [Fact]
    public async Task A_disabled_user_is_enabled_and_signs_in_again()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        (await Api.PostAsync($"{t}/users/bob/disable", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.PostAsync($"{t}/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");

        var enabled = (await Api.PostAsync($"{t}/users/bob/enable", null, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        Assert.False(enabled.Json.GetProperty("disabled").GetBoolean());
        await Api.LoginAsync(tenant.Id, "bob", TenantScript.UserPassword);
        (await Api.PostAsync($"{t}/users/nobody/enable", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Offboarding_ends_sessions_tokens_delegations_and_requests_rotates_what_was_held_and_keeps_the_name_taken()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("mgmt_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("mgmt_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var now = DateTimeOffset.UtcNow;
        var held = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddMinutes(-1), until = now.AddHours(1), reason = "fix the schema" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"{t}/requests/{held}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId = held }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        var pending = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddHours(2), until = now.AddHours(3), reason = "later work" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        var token = (await Api.PostAsync($"{t}/me/api-tokens", new { name = "ci", roles = User, expiresAt = now.AddDays(1), currentPassword = TenantScript.UserPassword }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("token");
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/carol/delegation", new { to = "bob", from = now, until = now.AddDays(1) }, tenant.Carol)).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Delete, $"{t}/users/bob", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync($"{t}/requests", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync($"{t}/requests", token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.PostAsync($"{t}/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.False(await PostgresRoles.CanLogInAsync(role, password), "what bob held was checked in and rotated");
        Assert.Equal("revoked", (await Api.GetAsync($"{t}/requests/{held}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        Assert.Equal("revoked", (await Api.GetAsync($"{t}/requests/{pending}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        // The directory forgot bob: nobody can delegate to him any more (and carol's delegation to him ended with him).
        (await Api.SendAsync(HttpMethod.Put, $"{t}/users/carol/delegation", new { to = "bob", from = now, until = now.AddDays(1) }, tenant.Carol))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.PostAsync($"{t}/users/bob/enable", null, tenant.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        // The name stays taken: a new "bob" would read as the old one in every audit record.
        var again = (await Api.PostAsync($"{t}/users", new { username = "bob", password = "Another-Person-Pass-99", roles = User }, tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.Conflict, "already-exists");
        Assert.Contains("not reused", again.Text("detail"), StringComparison.Ordinal);

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains(audit, line => line.StartsWith($"alice user.delete bob success revoked: {held}, {pending}", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.StartsWith("bob account.checkout owner success", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.StartsWith("kagi:system account.rotate owner success", StringComparison.Ordinal));
    }
}
