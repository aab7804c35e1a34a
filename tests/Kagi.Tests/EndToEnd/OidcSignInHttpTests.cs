using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>OpenID Connect single sign-on over HTTP: the real Silo and Frontend against a real oidc-provider, with an
/// HTTP client in the browser's place (the start's cookie carried to the callback, the provider's pages walked).</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class OidcSignInHttpTests(KagiDeployment kagi)
{
    private static readonly string[] BreakGlass = ["Alice"];

    private KagiApi Api => kagi.Api;

    private sealed record Sso(TenantScript Tenant, OidcTestProvider Provider, string ProviderId);

    /// <summary>A tenant with one provider whose client is registered for Kagi's callback URL; admins and approvers mapped.</summary>
    private async Task<Sso> ConnectAsync()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var provider = await OidcTestProvider.SharedAsync();
        var redirect = new Uri(Api.BaseAddress, $"/api/t/{tenant.Id}/auth/sso/corp/callback").ToString();
        var (clientId, clientSecret) = await provider.RegisterClientAsync(redirect);
        var saved = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/providers/corp", new
        {
            displayName = "Corporate SSO",
            kind = "oidc",
            oidc = new { issuer = provider.Issuer, clientId, clientSecret },
            roleMappings = new[] { new { group = "pam-admins", role = "admin" }, new { group = "pam-approvers", role = "approver" } },
            groupMappings = new[] { new { idpGroup = "dba-team", kagiGroup = "dba" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.True(saved.Json.GetProperty("oidc").GetProperty("hasClientSecret").GetBoolean());
        Assert.DoesNotContain(clientSecret, saved.Body, StringComparison.Ordinal);
        return new Sso(tenant, provider, "corp");
    }

    /// <summary>Start → provider (as <paramref name="account"/>) → callback; <paramref name="alterAuthorization"/> may change the URL on its way.</summary>
    private async Task<ApiResponse> SignInAsync(Sso sso, string account, Func<string, string>? alterAuthorization = null)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Api.BaseAddress };
        using var start = await http.GetAsync(new Uri($"/api/t/{sso.Tenant.Id}/auth/sso/{sso.ProviderId}/start", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kagi_sso=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var authorization = start.Headers.Location!.ToString();
        Assert.StartsWith(sso.Provider.Issuer + "/auth?", authorization, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorization, StringComparison.Ordinal);
        var back = await sso.Provider.SignInAsync(alterAuthorization?.Invoke(authorization) ?? authorization, account);
        return await Api.SendAsync(HttpMethod.Get, back.PathAndQuery, null, null, new Dictionary<string, string> { ["Cookie"] = cookie.Split(';')[0] });
    }

    private async Task<List<JsonElement>> AuditAsync(TenantScript tenant) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()];

    private static string NewAccount() => "sso-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_first_sign_in_creates_the_user_with_mapped_roles_and_the_next_refreshes_them()
    {
        var sso = await ConnectAsync();
        var account = NewAccount();
        sso.Provider.SetAccount(account, account.ToUpperInvariant(), "pam-admins", "dba-team", "unmapped");

        var first = (await SignInAsync(sso, account)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(account, first.Text("username"));
        var me = (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/me", first.Text("token"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["admin"], me.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var user = (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/users/{account}", sso.Tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["dba"], user.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));

        sso.Provider.SetAccount(account, account, "pam-approvers");
        var second = (await SignInAsync(sso, account)).ShouldBe(HttpStatusCode.OK);
        user = (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/users/{account}", sso.Tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["approver"], user.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(user.Json.GetProperty("groups").EnumerateArray());
        // The admin role was taken away, so the session made with it ended.
        (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/me", first.Text("token"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/me", second.Text("token"))).ShouldBe(HttpStatusCode.OK);

        var signIns = (await AuditAsync(sso.Tenant)).Where(e => e.GetProperty("action").GetString() == "auth.sso").ToList();
        Assert.Equal(2, signIns.Count);
        Assert.All(signIns, e =>
        {
            Assert.Equal((account, "success"), (e.GetProperty("actor").GetString(), e.GetProperty("result").GetString()));
            Assert.StartsWith($"idp=corp; sub={account}; reason=oidc", e.GetProperty("detail").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_person_whose_groups_map_to_no_role_is_refused_and_not_created()
    {
        var sso = await ConnectAsync();
        var account = NewAccount();
        sso.Provider.SetAccount(account, account, "dba-team");

        var refused = (await SignInAsync(sso, account)).ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");
        Assert.Contains("Kagi role", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/users/{account}", sso.Tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
        Assert.Contains(await AuditAsync(sso.Tenant), e => e.GetProperty("action").GetString() == "auth.sso"
            && e.GetProperty("result").GetString() == "failure" && e.GetProperty("detail").GetString()!.Contains("reason=sso-no-role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_id_token_for_another_nonce_is_refused()
    {
        var sso = await ConnectAsync();
        var account = NewAccount();
        sso.Provider.SetAccount(account, account, "pam-approvers");

        // The provider signs whatever nonce the authorization request carried: one Kagi never sent.
        var refused = await SignInAsync(sso, account, url => System.Text.RegularExpressions.Regex.Replace(url, "nonce=[^&]+", "nonce=forged-nonce"));
        refused.ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");
        (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/users/{account}", sso.Tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
        Assert.Contains(await AuditAsync(sso.Tenant), e => e.GetProperty("detail").GetString()?.Contains("reason=sso-token-rejected", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_callback_without_the_starting_browsers_cookie_is_refused_and_spends_the_flow()
    {
        var sso = await ConnectAsync();
        var account = NewAccount();
        sso.Provider.SetAccount(account, account, "pam-approvers");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Api.BaseAddress };
        using var start = await http.GetAsync(new Uri($"/api/t/{sso.Tenant.Id}/auth/sso/corp/start", UriKind.Relative));
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kagi_sso=", StringComparison.Ordinal)).Split(';')[0];
        var back = await sso.Provider.SignInAsync(start.Headers.Location!.ToString(), account);

        (await Api.SendAsync(HttpMethod.Get, back.PathAndQuery, null, null, new Dictionary<string, string> { ["Cookie"] = "kagi_sso=another-browser" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");
        (await Api.SendAsync(HttpMethod.Get, back.PathAndQuery, null, null, new Dictionary<string, string> { ["Cookie"] = cookie }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");
        (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/users/{account}", sso.Tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sso_only_refuses_password_sign_in_except_for_break_glass_accounts()
    {
        var sso = await ConnectAsync();
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{sso.Tenant.Id}/sso/sso-only", new { ssoOnly = true, breakGlass = Array.Empty<string>() }, sso.Tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{sso.Tenant.Id}/sso/sso-only", new { ssoOnly = true, breakGlass = BreakGlass }, sso.Tenant.Admin))
            .ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/t/{sso.Tenant.Id}/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "sso-only");
        (await Api.PostAsync($"/api/t/{sso.Tenant.Id}/auth/login", new { username = "alice", password = TenantScript.AdminPassword }, null))
            .ShouldBe(HttpStatusCode.OK);

        var settings = (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/sso", sso.Tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.True(settings.Json.GetProperty("ssoOnly").GetBoolean());
        Assert.Equal(["alice"], settings.Json.GetProperty("breakGlass").EnumerateArray().Select(n => n.GetString()));
        (await Api.SendAsync(HttpMethod.Delete, $"/api/t/{sso.Tenant.Id}/sso/providers/corp", null, sso.Tenant.Admin)).ShouldBeProblem(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task Provider_settings_are_admin_only_validated_in_our_words_and_listed_for_the_sign_in_page()
    {
        var sso = await ConnectAsync();
        (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/sso", sso.Tenant.Bob)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        var invalid = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{sso.Tenant.Id}/sso/providers/other", new
        {
            displayName = "Other",
            oidc = new { issuer = "http://idp.example.com", clientId = "kagi", clientSecret = "x" },
            roleMappings = new[] { new { group = "g", role = "admin" } },
        }, sso.Tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("https", invalid.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var buttons = (await Api.GetAsync($"/api/t/{sso.Tenant.Id}/auth/sso", null)).ShouldBe(HttpStatusCode.OK);
        var button = Assert.Single(buttons.Json.EnumerateArray());
        Assert.Equal(("corp", "Corporate SSO", "oidc"), (button.GetProperty("id").GetString(), button.GetProperty("displayName").GetString(), button.GetProperty("kind").GetString()));
        Assert.Contains(await AuditAsync(sso.Tenant), e => e.GetProperty("action").GetString() == "sso.provider-put" && e.GetProperty("result").GetString() == "intent");
    }
}
