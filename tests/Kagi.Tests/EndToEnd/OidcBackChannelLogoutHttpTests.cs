using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>OpenID Connect Back-Channel Logout over HTTP: the real Silo and Frontend against a real oidc-provider whose
/// client is registered with Kagi's back-channel logout URL; a sign-out at the provider ends the Kagi session.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class OidcBackChannelLogoutHttpTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    private sealed record Sso(TenantScript Tenant, OidcTestProvider Provider, string ClientId, string LogoutPath);

    /// <summary>A tenant with provider <c>corp</c>, whose client at the provider has Kagi's back-channel logout URL.</summary>
    private async Task<Sso> ConnectAsync()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var provider = await OidcTestProvider.SharedAsync();
        var redirect = new Uri(Api.BaseAddress, $"/api/t/{tenant.Id}/auth/sso/corp/callback").ToString();
        var logoutPath = $"/oidc/{tenant.Id}/corp/backchannel-logout";
        var (clientId, clientSecret) = await provider.RegisterClientAsync(redirect, new Uri(Api.BaseAddress, logoutPath).ToString());
        var saved = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/providers/corp", new
        {
            displayName = "Corporate SSO",
            kind = "oidc",
            oidc = new { issuer = provider.Issuer, clientId, clientSecret },
            roleMappings = new[] { new { group = "pam-approvers", role = "approver" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        // The admin is told the URL to register at the provider, in the answer and in the settings.
        Assert.Equal(new Uri(Api.BaseAddress, logoutPath).ToString(), saved.Json.GetProperty("oidc").GetProperty("backChannelLogoutUrl").GetString());
        var settings = (await Api.GetAsync($"/api/t/{tenant.Id}/sso", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(new Uri(Api.BaseAddress, logoutPath).ToString(),
            settings.Json.GetProperty("providers")[0].GetProperty("oidc").GetProperty("backChannelLogoutUrl").GetString());
        return new Sso(tenant, provider, clientId, logoutPath);
    }

    /// <summary>Start → provider (as <paramref name="account"/>, in <paramref name="browser"/>) → callback; answers the Kagi token.</summary>
    private async Task<string> SignInAsync(Sso sso, string account, CookieContainer browser)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Api.BaseAddress };
        using var start = await http.GetAsync(new Uri($"/api/t/{sso.Tenant.Id}/auth/sso/corp/start", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kagi_sso=", StringComparison.Ordinal));
        var back = await sso.Provider.SignInAsync(start.Headers.Location!.ToString(), account, browser);
        var signedIn = (await Api.SendAsync(HttpMethod.Get, back.PathAndQuery, null, null, new Dictionary<string, string> { ["Cookie"] = cookie.Split(';')[0] }))
            .ShouldBe(HttpStatusCode.OK);
        return signedIn.Text("token");
    }

    private async Task<Sso> ConnectWithAccountAsync(string account)
    {
        var sso = await ConnectAsync();
        sso.Provider.SetAccount(account, account, "pam-approvers");
        return sso;
    }

    private Task<ApiResponse> MeAsync(Sso sso, string token) => Api.GetAsync($"/api/t/{sso.Tenant.Id}/me", token);

    private Task<ApiResponse> PostLogoutAsync(Sso sso, string logoutToken) =>
        Api.SendRawAsync(HttpMethod.Post, sso.LogoutPath, "logout_token=" + Uri.EscapeDataString(logoutToken), null, "application/x-www-form-urlencoded");

    /// <summary>A logout token for <paramref name="subject"/> as the provider would send it (no sid: every session of the subject).</summary>
    private static JsonObject LogoutClaims(Sso sso, string subject) => new()
    {
        ["iss"] = sso.Provider.Issuer,
        ["aud"] = sso.ClientId,
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds(),
        ["jti"] = Guid.NewGuid().ToString("N"),
        ["sub"] = subject,
        ["events"] = new JsonObject { ["http://schemas.openid.net/event/backchannel-logout"] = new JsonObject() },
    };

    private async Task<List<JsonElement>> SessionEndsAsync(TenantScript tenant) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "session.ended")];

    private static string NewAccount() => "bcl-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Signing_out_at_the_provider_ends_that_kagi_session_and_no_other()
    {
        var account = NewAccount();
        var sso = await ConnectWithAccountAsync(account);
        var other = NewAccount();
        sso.Provider.SetAccount(other, other, "pam-approvers");
        var browser = new CookieContainer();
        var token = await SignInAsync(sso, account, browser);
        var othersToken = await SignInAsync(sso, other, new CookieContainer());
        (await MeAsync(sso, token)).ShouldBe(HttpStatusCode.OK);

        // The provider's logout page; it posts its logout token to Kagi before it answers.
        await sso.Provider.EndSessionAsync(browser);

        (await MeAsync(sso, token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(sso, othersToken)).ShouldBe(HttpStatusCode.OK);
        var ended = Assert.Single(await SessionEndsAsync(sso.Tenant));
        Assert.Equal((account, "success"), (ended.GetProperty("subject").GetString(), ended.GetProperty("result").GetString()));
        Assert.Equal("reason=idp-logout; idp=corp; sessions=1", ended.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_logout_token_naming_only_the_subject_ends_every_session_of_that_person()
    {
        var account = NewAccount();
        var sso = await ConnectWithAccountAsync(account);
        var first = await SignInAsync(sso, account, new CookieContainer());
        var second = await SignInAsync(sso, account, new CookieContainer());

        var answer = (await PostLogoutAsync(sso, sso.Provider.Sign(LogoutClaims(sso, account)))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("no-store", answer.Headers["Cache-Control"]);

        (await MeAsync(sso, first)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(sso, second)).ShouldBe(HttpStatusCode.Unauthorized);
        Assert.Equal("reason=idp-logout; idp=corp; sessions=2", Assert.Single(await SessionEndsAsync(sso.Tenant)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Refused_logout_tokens_end_nothing_and_say_why()
    {
        var account = NewAccount();
        var sso = await ConnectWithAccountAsync(account);
        var token = await SignInAsync(sso, account, new CookieContainer());
        using var stranger = RSA.Create(2048);
        var withNonce = LogoutClaims(sso, account);
        withNonce["nonce"] = "n-0S6_WzA2Mj";
        var withoutEvents = LogoutClaims(sso, account);
        withoutEvents.Remove("events");
        var forAnotherClient = LogoutClaims(sso, account);
        forAnotherClient["aud"] = "another-client";
        var refused = new (string Why, string LogoutToken, string Words)[]
        {
            ("a signature the provider never made", OidcTestProvider.SignWith(stranger, OidcTestProvider.SigningKeyId, LogoutClaims(sso, account)), "not signed by a key"),
            ("another audience", sso.Provider.Sign(forAnotherClient), "not addressed to Kagi's client id"),
            ("a nonce", sso.Provider.Sign(withNonce), "carries a nonce"),
            ("no logout event", sso.Provider.Sign(withoutEvents), "does not carry the back-channel logout event"),
            ("not a JWT at all", "not-a-token", "not signed by a key"),
        };

        foreach (var (why, logoutToken, words) in refused)
        {
            var problem = (await PostLogoutAsync(sso, logoutToken)).ShouldBeProblem(HttpStatusCode.BadRequest, "logout-token-refused");
            Assert.True(problem.Json.GetProperty("detail").GetString()!.Contains(words, StringComparison.Ordinal), $"{why}: {problem.Body}");
            Assert.Equal("no-store", problem.Headers["Cache-Control"]);
            (await MeAsync(sso, token)).ShouldBe(HttpStatusCode.OK);
        }

        (await Api.SendRawAsync(HttpMethod.Post, sso.LogoutPath, "", null, "application/x-www-form-urlencoded")).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Empty(await SessionEndsAsync(sso.Tenant));
        // The same claims, signed by the provider, are taken: each refusal above was for its one defect.
        (await PostLogoutAsync(sso, sso.Provider.Sign(LogoutClaims(sso, account)))).ShouldBe(HttpStatusCode.OK);
        (await MeAsync(sso, token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_logout_for_a_provider_the_tenant_does_not_have_is_not_found()
    {
        var sso = await ConnectAsync();
        (await Api.SendRawAsync(HttpMethod.Post, $"/oidc/{sso.Tenant.Id}/elsewhere/backchannel-logout", "logout_token=x", null, "application/x-www-form-urlencoded"))
            .ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
    }
}
