using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>SCIM 2.0 provisioning over HTTP against the real processes, as Entra ID and Okta drive it.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class ScimHttpTests(KagiDeployment kagi)
{
    private const string Password = "Scim-Created-Pass-42!";

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_scim_client_creates_finds_reads_and_replaces_users_and_is_audited_by_its_token_name()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var scim = await ScimClient.CreateAsync(Api, tenant);
        Assert.StartsWith("scim_", scim.Token, StringComparison.Ordinal);
        var tokens = (await Api.GetAsync($"/api/t/{tenant.Id}/scim/tokens", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("entra", tokens.Json[0].GetProperty("name").GetString());
        Assert.DoesNotContain(scim.Token, tokens.Body, StringComparison.Ordinal);
        Assert.False(tokens.Json[0].TryGetProperty("token", out _));

        var created = await scim.CreateUserAsync("Erin@Example.COM", Password, "Erin E", "erin@example.com");

        Assert.Equal("erin@example.com", created.GetProperty("id").GetString());
        Assert.Equal("erin@example.com", created.GetProperty("userName").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());
        Assert.Equal("user", created.GetProperty("roles")[0].GetProperty("value").GetString());
        (await scim.SendAsync(HttpMethod.Post, "/Users", new { userName = "erin@example.com" })).ShouldBeScimError(HttpStatusCode.Conflict, "uniqueness");

        var found = (await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"ERIN@example.com\""))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(ScimClient.MediaType, found.MediaType);
        Assert.Equal(1, found.Json.GetProperty("totalResults").GetInt32());
        Assert.Equal("Erin E", found.Json.GetProperty("Resources")[0].GetProperty("displayName").GetString());
        var none = (await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"nobody\""))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, none.Json.GetProperty("totalResults").GetInt32());

        // alice, bob, carol, dave and erin, two a page.
        var first = (await scim.GetAsync("/Users?startIndex=1&count=2")).ShouldBe(HttpStatusCode.OK).Json;
        var third = (await scim.GetAsync("/Users?startIndex=3&count=2")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(5, first.GetProperty("totalResults").GetInt32());
        Assert.Equal(2, first.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(["alice", "bob"], first.GetProperty("Resources").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        Assert.Equal(["carol", "dave"], third.GetProperty("Resources").EnumerateArray().Select(u => u.GetProperty("id").GetString()));

        var replaced = (await scim.SendAsync(HttpMethod.Put, "/Users/erin@example.com", new
        {
            userName = "erin@example.com",
            displayName = "Erin Example",
            emails = new[] { new { value = "erin.e@example.com", primary = true } },
        })).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("Erin Example", replaced.GetProperty("displayName").GetString());
        Assert.Equal("erin.e@example.com", (await Api.GetAsync($"/api/t/{tenant.Id}/users/erin@example.com", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("email"));
        (await scim.SendAsync(HttpMethod.Put, "/Users/erin@example.com", new { userName = "someone-else" })).ShouldBeScimError(HttpStatusCode.BadRequest, "mutability");
        var read = (await scim.GetAsync("/Users/Erin@Example.com")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("erin.e@example.com", read.GetProperty("emails")[0].GetProperty("value").GetString());

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains("alice scim.token.create entra success", audit);
        Assert.Contains("scim:entra user.create erin@example.com success roles user; email set", audit);
        Assert.Contains("scim:entra user.create erin@example.com intent roles user; email set", audit);
        Assert.Contains("scim:entra user.profile erin@example.com success email set", audit);
        Assert.Contains("scim:entra scim.user.profile erin@example.com success display name set; external id none", audit);
        Assert.DoesNotContain(audit, line => line.Contains(Password, StringComparison.Ordinal) || line.Contains(scim.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Active_false_disables_the_user_at_once_and_active_true_lets_them_back()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var scim = await ScimClient.CreateAsync(Api, tenant, "okta");
        await scim.CreateUserAsync("frank", Password);
        var session = await Api.LoginAsync(tenant.Id, "frank", Password);
        (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", session)).ShouldBe(HttpStatusCode.OK);

        var disabled = (await scim.PatchAsync("/Users/frank", """[{"op":"Replace","path":"active","value":"False"}]""")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(disabled.GetProperty("active").GetBoolean());
        (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", session)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "frank", password = Password }, null))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");

        (await scim.PatchAsync("/Users/frank", """[{"op":"replace","value":{"active":true}}]""")).ShouldBe(HttpStatusCode.OK);
        await Api.LoginAsync(tenant.Id, "frank", Password);
        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains("scim:okta user.disable frank success", audit);
        Assert.Contains("scim:okta user.enable frank success", audit);
    }

    [Fact]
    public async Task Delete_offboards_the_user_ends_their_open_requests_and_the_audit_keeps_their_name()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        var scim = await ScimClient.CreateAsync(Api, tenant);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("scim_admin", "CREATEROLE");
        var (role, initialPassword) = await PostgresRoles.CreateAsync("scim_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password = initialPassword }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var now = DateTimeOffset.UtcNow;
        var pending = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = now.AddHours(2), until = now.AddHours(3), reason = "later work" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");

        (await scim.SendAsync(HttpMethod.Delete, "/Users/bob", null)).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal("revoked", (await Api.GetAsync($"{t}/requests/{pending}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Text("status"));
        (await Api.GetAsync($"{t}/requests", tenant.Bob)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await scim.GetAsync("/Users/bob")).ShouldBeScimError(HttpStatusCode.NotFound);
        (await scim.SendAsync(HttpMethod.Delete, "/Users/bob", null)).ShouldBeScimError(HttpStatusCode.NotFound);
        (await scim.SendAsync(HttpMethod.Post, "/Users", new { userName = "bob" })).ShouldBeScimError(HttpStatusCode.Conflict, "uniqueness");
        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains(audit, line => line.StartsWith("scim:entra user.delete bob success revoked: " + pending, StringComparison.Ordinal));
        Assert.Contains(audit, line => line.StartsWith("bob request.create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Group_membership_gives_the_roles_and_groups_the_sso_mappings_name()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        (await Api.SendAsync(HttpMethod.Put, $"{t}/sso/providers/corp", new
        {
            displayName = "Corporate SSO",
            kind = "oidc",
            oidc = new { issuer = "https://idp.example.com", clientId = "kagi", clientSecret = "not-used-here" },
            roleMappings = new[] { new { group = "pam-approvers", role = "approver" } },
            groupMappings = new[] { new { idpGroup = "DBA Team", kagiGroup = "dba" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var scim = await ScimClient.CreateAsync(Api, tenant);
        await scim.CreateUserAsync("gina", Password);
        var gina = await Api.LoginAsync(tenant.Id, "gina", Password);

        var listed = (await scim.GetAsync("/Groups")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["DBA Team", "pam-approvers"], listed.GetProperty("Resources").EnumerateArray().Select(g => g.GetProperty("displayName").GetString()));
        var approvers = (await scim.GetAsync("/Groups?filter=" + Uri.EscapeDataString("displayName eq \"pam-approvers\""))).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("Resources")[0].GetProperty("id").GetString();
        var dba = listed.GetProperty("Resources")[0].GetProperty("id").GetString();

        (await scim.PatchAsync($"/Groups/{approvers}", """[{"op":"Add","path":"members","value":[{"value":"gina"}]}]""")).ShouldBe(HttpStatusCode.NoContent);
        (await scim.PatchAsync($"/Groups/{dba}", """[{"op":"add","path":"members","value":[{"value":"gina"}]}]""")).ShouldBe(HttpStatusCode.NoContent);

        var user = (await Api.GetAsync($"{t}/users/gina", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["approver"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["dba"], user.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var group = (await scim.GetAsync($"/Groups/{approvers}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("gina", group.GetProperty("members")[0].GetProperty("value").GetString());
        var resource = (await scim.GetAsync("/Users/gina")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["DBA Team", "pam-approvers"], resource.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("display").GetString()));

        // Okta's way out: the role goes, and with it the session made with it.
        var approverSession = await Api.LoginAsync(tenant.Id, "gina", Password);
        (await scim.PatchAsync($"/Groups/{approvers}", """[{"op":"remove","path":"members[value eq \"gina\"]"}]""")).ShouldBe(HttpStatusCode.NoContent);
        user = (await Api.GetAsync($"{t}/users/gina", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["user"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        (await Api.GetAsync($"{t}/me/notices", approverSession)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await Api.GetAsync($"{t}/me/notices", gina)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");

        (await scim.PatchAsync($"/Groups/{approvers}", """[{"op":"add","path":"members","value":[{"value":"nobody"}]}]""")).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.PatchAsync("/Groups/0123456789abcdef0123456789abcdef", """[{"op":"add","path":"members","value":[{"value":"gina"}]}]""")).ShouldBeScimError(HttpStatusCode.NotFound);
        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains($"scim:entra scim.group.members {approvers} success add [gina]", audit);
        Assert.Contains("scim:entra user.roles gina success roles approver; groups []", audit);
    }

    [Fact]
    public async Task Only_a_live_scim_token_of_the_routes_tenant_gets_in_and_it_gets_nowhere_else()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await TenantScript.OpenAsync(Api);
        var scim = await ScimClient.CreateAsync(Api, tenant);
        var stranger = await ScimClient.CreateAsync(Api, other);

        (await scim.GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);
        (await scim.GetAsync("/ServiceProviderConfig")).ShouldBe(HttpStatusCode.OK);
        (await scim.GetAsync("/Users", stranger.Token)).ShouldBeScimError(HttpStatusCode.Unauthorized);
        (await scim.GetAsync("/Users", tenant.Admin)).ShouldBeScimError(HttpStatusCode.Unauthorized);
        (await scim.GetAsync("/Users", Api.OperatorToken)).ShouldBeScimError(HttpStatusCode.Unauthorized);
        (await Api.SendRawAsync(HttpMethod.Get, scim.Base + "/Users", null, null)).ShouldBeScimError(HttpStatusCode.Unauthorized);
        (await Api.GetAsync($"/api/t/{tenant.Id}/users", scim.Token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");

        var id = (await Api.GetAsync($"/api/t/{tenant.Id}/scim/tokens", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json[0].GetProperty("id").GetString();
        (await Api.SendAsync(HttpMethod.Delete, $"/api/t/{tenant.Id}/scim/tokens/{id}", null, tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.SendAsync(HttpMethod.Delete, $"/api/t/{tenant.Id}/scim/tokens/{id}", null, tenant.Admin)).ShouldBe(HttpStatusCode.NoContent);

        (await scim.GetAsync("/Users")).ShouldBeScimError(HttpStatusCode.Unauthorized);
        Assert.Contains($"alice scim.token.revoke {id} success", await ManagementAudit.LinesAsync(Api, tenant));
    }

    [Fact]
    public async Task Bad_filters_paths_and_bodies_are_refused_in_scims_error_schema_in_our_words()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var scim = await ScimClient.CreateAsync(Api, tenant);

        (await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName sw \"a\""))).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidFilter");
        (await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("emails eq \"a@example.com\""))).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidFilter");
        var badName = (await scim.SendAsync(HttpMethod.Post, "/Users", new { userName = "not a name" })).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        Assert.Contains("not a Kagi username", badName.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await scim.SendAsync(HttpMethod.Post, "/Users", "{\"userName\": ")).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.SendAsync(HttpMethod.Post, "/Users", new { userName = "shorty", password = "short" })).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.PatchAsync("/Users/bob", """[{"op":"move","path":"active","value":false}]""")).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PatchAsync("/Users/bob", """[{"op":"replace","path":"nickname[x]","value":1},{"op":"replace","path":"secret","value":1}]"""))
            .ShouldBeScimError(HttpStatusCode.BadRequest, "invalidPath");
        (await scim.PatchAsync("/Users/nobody", """[{"op":"replace","path":"active","value":false}]""")).ShouldBeScimError(HttpStatusCode.NotFound);
        (await scim.SendAsync(HttpMethod.Patch, "/Users/bob", new { active = false })).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidSyntax");

        // Nothing of that reached bob.
        (await Api.GetAsync($"/api/t/{tenant.Id}/me/notices", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
    }
}
