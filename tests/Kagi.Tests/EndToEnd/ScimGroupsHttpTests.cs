using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>SCIM 2.0 groups over HTTP against the real processes: created, found, replaced and deleted as Entra ID and
/// Okta push them, with the roles the SSO mappings give following membership, and refusals in SCIM's error schema.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class ScimGroupsHttpTests(KagiDeployment kagi)
{
    private const string Password = "Scim-Group-Member-42!";
    private static readonly string[] GroupSchemas = ["urn:ietf:params:scim:schemas:core:2.0:Group"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_scim_client_creates_finds_replaces_and_deletes_groups_and_members_get_and_lose_the_mapped_roles()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        await MapApproversAsync(tenant);
        var scim = await ScimClient.CreateAsync(Api, tenant);
        await scim.CreateUserAsync("gina", Password);
        await scim.CreateUserAsync("hal", Password);

        var post = (await scim.SendAsync(HttpMethod.Post, "/Groups", new
        {
            schemas = GroupSchemas,
            displayName = "Contractors",
            externalId = "entra-object-1",
            members = new[] { new { value = "Gina" } },
        })).ShouldBe(HttpStatusCode.Created);
        var contractors = post.Json.GetProperty("id").GetString()!;
        Assert.Equal(ScimClient.MediaType, post.MediaType);
        Assert.Equal($"{scim.Base}/Groups/{contractors}", new Uri(post.Headers["Location"]).AbsolutePath);
        Assert.Equal("Contractors", post.Json.GetProperty("displayName").GetString());
        Assert.Equal("entra-object-1", post.Json.GetProperty("externalId").GetString());
        Assert.Equal(["gina"], Members(post.Json));
        // An unmapped group gives no role: gina keeps the base role.
        Assert.Equal(["user"], await RolesAsync(tenant, "gina"));

        (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = "Contractors" })).ShouldBeScimError(HttpStatusCode.Conflict, "uniqueness");
        (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = "pam-approvers" })).ShouldBeScimError(HttpStatusCode.Conflict, "uniqueness");
        var found = (await scim.GetAsync("/Groups?filter=" + Uri.EscapeDataString("displayName eq \"Contractors\""))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.Equal(contractors, found.GetProperty("Resources")[0].GetProperty("id").GetString());
        var listed = (await scim.GetAsync("/Groups?excludedAttributes=members")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("Resources");
        Assert.Equal(["Contractors", "pam-approvers"], listed.EnumerateArray().Select(g => g.GetProperty("displayName").GetString()));
        Assert.False(listed[0].TryGetProperty("members", out _));
        Assert.Equal(["Contractors"], (await scim.GetAsync("/Users/gina")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("display").GetString()));

        // PUT replaces the members of the mapped group: both get the role, then gina loses it and the session made with it.
        var approvers = listed[1].GetProperty("id").GetString()!;
        var replaced = (await scim.SendAsync(HttpMethod.Put, $"/Groups/{approvers}", new { displayName = "pam-approvers", members = new[] { new { value = "gina" }, new { value = "hal" } } }))
            .ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["gina", "hal"], Members(replaced));
        Assert.Equal(["approver"], await RolesAsync(tenant, "gina"));
        var ginaApprover = await Api.LoginAsync(tenant.Id, "gina", Password);
        (await scim.SendAsync(HttpMethod.Put, $"/Groups/{approvers}", new { displayName = "pam-approvers", members = new[] { new { value = "hal" } } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["user"], await RolesAsync(tenant, "gina"));
        Assert.Equal(["approver"], await RolesAsync(tenant, "hal"));
        (await Api.GetAsync($"{t}/me/notices", ginaApprover)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await scim.SendAsync(HttpMethod.Put, $"/Groups/{approvers}", new { displayName = "Approvers" })).ShouldBeScimError(HttpStatusCode.BadRequest, "mutability");
        Assert.Equal(["hal"], Members((await scim.GetAsync($"/Groups/{approvers}")).ShouldBe(HttpStatusCode.OK).Json));

        // DELETE forgets a created group; a group the mappings name stays, emptied, and its members lose what it gave.
        (await scim.SendAsync(HttpMethod.Delete, $"/Groups/{contractors}", null)).ShouldBe(HttpStatusCode.NoContent);
        (await scim.GetAsync($"/Groups/{contractors}")).ShouldBeScimError(HttpStatusCode.NotFound);
        (await scim.SendAsync(HttpMethod.Delete, $"/Groups/{contractors}", null)).ShouldBeScimError(HttpStatusCode.NotFound);
        Assert.Empty((await scim.GetAsync("/Users/gina")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("groups").EnumerateArray());
        (await scim.SendAsync(HttpMethod.Delete, $"/Groups/{approvers}", null)).ShouldBe(HttpStatusCode.NoContent);
        Assert.Empty(Members((await scim.GetAsync($"/Groups/{approvers}")).ShouldBe(HttpStatusCode.OK).Json));
        Assert.Equal(["user"], await RolesAsync(tenant, "hal"));

        // The name of a deleted created group may be created again, with the same id.
        var again = (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = "Contractors" })).ShouldBe(HttpStatusCode.Created).Json;
        Assert.Equal(contractors, again.GetProperty("id").GetString());
        Assert.Empty(Members(again));

        var audit = await ManagementAudit.LinesAsync(Api, tenant);
        Assert.Contains($"scim:entra scim.group.create {contractors} success name Contractors; external id set", audit);
        Assert.Contains($"scim:entra scim.group.members {contractors} success replace [gina]", audit);
        Assert.Contains($"scim:entra scim.group.delete {contractors} success removed [gina]", audit);
        Assert.Contains($"scim:entra scim.group.delete {approvers} success removed [hal]", audit);
        Assert.Contains("scim:entra user.roles hal success roles user; groups []", audit);
    }

    [Fact]
    public async Task Bad_group_bodies_unknown_members_and_requests_past_the_bounds_are_refused_whole_in_scims_error_schema()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await MapApproversAsync(tenant);
        var scim = await ScimClient.CreateAsync(Api, tenant);
        var approvers = (await scim.GetAsync("/Groups")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("Resources")[0].GetProperty("id").GetString();

        (await scim.SendAsync(HttpMethod.Post, "/Groups", new { members = Array.Empty<object>() })).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = 42 })).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = new string('g', 201) })).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.SendAsync(HttpMethod.Post, "/Groups", "{\"displayName\": ")).ShouldBeScimError(HttpStatusCode.BadRequest, "invalidSyntax");
        var unknown = (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = "Ops", members = new[] { new { value = "bob" }, new { value = "nobody" } } }))
            .ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        Assert.Contains("nobody", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await scim.SendAsync(HttpMethod.Post, "/Groups", new { displayName = "Ops", members = new[] { new { value = "not a user" } } }))
            .ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        // Nothing of those was created.
        Assert.Equal(0, (await scim.GetAsync("/Groups?filter=" + Uri.EscapeDataString("displayName eq \"Ops\""))).ShouldBe(HttpStatusCode.OK).Json.GetProperty("totalResults").GetInt32());

        // 600 + 401 distinct users in one PATCH: one more than a request may name. Refused before any user is looked up.
        var tooMany = (await scim.PatchAsync($"/Groups/{approvers}", $"[{AddMembers(0, 600)},{AddMembers(600, 401)}]"))
            .ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        Assert.Contains("1000", tooMany.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await scim.SendAsync(HttpMethod.Put, $"/Groups/{approvers}", $$"""{"displayName":"pam-approvers","members":[{{string.Join(",", Enumerable.Range(0, 1001).Select(Member))}}]}"""))
            .ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        // bob joins only when the whole PATCH is good: the unknown member refuses it all.
        (await scim.PatchAsync($"/Groups/{approvers}", """[{"op":"add","path":"members","value":[{"value":"bob"}]},{"op":"add","path":"members","value":[{"value":"nobody"}]}]"""))
            .ShouldBeScimError(HttpStatusCode.BadRequest, "invalidValue");
        Assert.Empty(Members((await scim.GetAsync($"/Groups/{approvers}")).ShouldBe(HttpStatusCode.OK).Json));
        (await scim.PatchAsync($"/Groups/{approvers}", """[{"op":"replace","path":"displayName","value":"Approvers"}]""")).ShouldBeScimError(HttpStatusCode.BadRequest, "mutability");
        (await scim.SendAsync(HttpMethod.Put, "/Groups/0123456789abcdef0123456789abcdef", new { displayName = "x" })).ShouldBeScimError(HttpStatusCode.NotFound);
        (await scim.SendAsync(HttpMethod.Delete, "/Groups/0123456789abcdef0123456789abcdef", null)).ShouldBeScimError(HttpStatusCode.NotFound);

        Assert.Equal(["user"], await RolesAsync(tenant, "bob"));
    }

    private static string Member(int i) => "{\"value\":\"user" + i + "\"}";

    private static string AddMembers(int from, int count) =>
        "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + string.Join(",", Enumerable.Range(from, count).Select(Member)) + "]}";

    private static IEnumerable<string?> Members(JsonElement group) => group.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString());

    private async Task MapApproversAsync(TenantScript tenant) =>
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/providers/corp", new
        {
            displayName = "Corporate SSO",
            kind = "oidc",
            oidc = new { issuer = "https://idp.example.com", clientId = "kagi", clientSecret = "not-used-here" },
            roleMappings = new[] { new { group = "pam-approvers", role = "approver" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

    private async Task<IEnumerable<string?>> RolesAsync(TenantScript tenant, string username) =>
        (await Api.GetAsync($"/api/t/{tenant.Id}/users/{username}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString());
}
