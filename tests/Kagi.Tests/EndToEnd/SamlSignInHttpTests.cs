using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Kagi.Domain.Sso.Saml;
using Kagi.Tests.Infrastructure;
using Kagi.Tests.Sso;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 12, SAML sign-in end to end: the real Silo and Frontend against a real saml-idp started for the tenant's entity
/// id, with an HTTP client in the browser's place (the start's cookie carried to the ACS, the IdP's form walked, its
/// auto-posted form posted to the ACS).
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class SamlSignInHttpTests(KagiDeployment kagi)
{
    private static readonly string[] NotACertificate = ["not a certificate"];

    private const string AssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static readonly string[] BreakGlass = ["alice"];

    private KagiApi Api => kagi.Api;

    /// <summary>A posted answer: what the IdP's page sends to the ACS, and the browser's one-time cookie.</summary>
    private sealed record Answer(string SamlResponse, string RelayState, string Cookie);

    private static string NewAccount() => "saml-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A saml-idp for <paramref name="tenant"/>'s entity id, configured as IdP "corp" from its own metadata; admins and approvers mapped.</summary>
    private async Task<SamlIdpFixture> ConnectAsync(TenantScript tenant)
    {
        var idp = await SamlIdpFixture.StartAsync(SamlServiceProvider.For(Api.BaseAddress, tenant.Id), LoopbackPorts.Unused());
        using var http = new HttpClient();
        var metadata = await http.GetStringAsync(new Uri(idp.BaseAddress, "/metadata"));
        var saved = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/providers/corp", new
        {
            displayName = "Corporate SAML",
            kind = "saml",
            saml = new { metadata },
            roleMappings = new[] { new { group = "pam-admins", role = "admin" }, new { group = "pam-approvers", role = "approver" } },
            groupMappings = new[] { new { idpGroup = "dba-team", kagiGroup = "dba" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(SamlIdpFixture.Issuer, saved.Json.GetProperty("saml").GetProperty("entityId").GetString());
        Assert.Equal(idp.SsoUrl.ToString(), saved.Json.GetProperty("saml").GetProperty("ssoUrl").GetString());
        Assert.Equal(idp.Certificate.Subject, saved.Json.GetProperty("saml").GetProperty("signingCertificates")[0].GetProperty("subject").GetString());
        return idp;
    }

    /// <summary>Start (as an API client) → the IdP's form as <paramref name="account"/> with <paramref name="groups"/>; answers what to post to the ACS.</summary>
    private async Task<Answer> AnswerAsync(TenantScript tenant, SamlIdpFixture idp, string account, string groups)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Api.BaseAddress };
        using var start = await http.GetAsync(new Uri($"/api/t/{tenant.Id}/auth/sso/corp/start", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kagi_saml=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"path=/saml/{tenant.Id}", cookie, StringComparison.OrdinalIgnoreCase);
        var location = start.Headers.Location!;
        Assert.StartsWith(idp.SsoUrl + "?SAMLRequest=", location.ToString(), StringComparison.Ordinal);
        var (response, relayState) = await idp.AnswerAsync(location, account, new Dictionary<string, string> { ["groups"] = groups });
        Assert.NotNull(relayState);
        return new Answer(response, relayState, cookie.Split(';')[0]);
    }

    private Task<ApiResponse> PostAsync(string tenantId, Answer answer, string? samlResponse = null, string? cookie = null)
    {
        var form = $"SAMLResponse={Uri.EscapeDataString(samlResponse ?? answer.SamlResponse)}&RelayState={Uri.EscapeDataString(answer.RelayState)}";
        return Api.SendRawAsync(HttpMethod.Post, $"/saml/{tenantId}/acs", form, null, "application/x-www-form-urlencoded",
            new Dictionary<string, string> { ["Cookie"] = cookie ?? answer.Cookie });
    }

    private async Task<List<JsonElement>> SignInAuditAsync(TenantScript tenant) =>
        [.. (await Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "auth.sso")];

    [Fact]
    public async Task A_posted_response_signs_in_a_new_user_with_the_mapped_role_and_is_audited_with_idp_and_subject()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await using var idp = await ConnectAsync(tenant);
        var account = NewAccount();

        var answer = await AnswerAsync(tenant, idp, account, "pam-approvers");
        var signedIn = (await PostAsync(tenant.Id, answer)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(account, signedIn.Text("username"));
        var me = (await Api.GetAsync($"/api/t/{tenant.Id}/me", signedIn.Text("token"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["approver"], me.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var success = Assert.Single(await SignInAuditAsync(tenant));
        Assert.Equal((account, "success"), (success.GetProperty("actor").GetString(), success.GetProperty("result").GetString()));
        Assert.StartsWith($"idp=corp; sub={account}; reason=saml", success.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_posted_again_is_refused_and_audited()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await using var idp = await ConnectAsync(tenant);
        var answer = await AnswerAsync(tenant, idp, NewAccount(), "pam-approvers");
        (await PostAsync(tenant.Id, answer)).ShouldBe(HttpStatusCode.OK);

        var again = (await PostAsync(tenant.Id, answer)).ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");

        Assert.Contains("start again", again.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var audit = await SignInAuditAsync(tenant);
        Assert.Single(audit, e => e.GetProperty("result").GetString() == "success");
        Assert.Contains(audit, e => e.GetProperty("result").GetString() == "failure" && e.GetProperty("detail").GetString()!.Contains("reason=sso-unknown-flow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_response_for_one_tenant_posted_to_another_tenants_acs_is_refused()
    {
        var home = await TenantScript.OpenAsync(Api);
        var other = await TenantScript.OpenAsync(Api);
        await using var homeIdp = await ConnectAsync(home);
        await using var otherIdp = await ConnectAsync(other);
        var account = NewAccount();
        var forHome = await AnswerAsync(home, homeIdp, account, "pam-admins");
        // The other tenant's own flow in flight, so the stolen response meets a real request there.
        var forOther = await AnswerAsync(other, otherIdp, NewAccount(), "pam-admins");

        (await PostAsync(other.Id, forOther, samlResponse: forHome.SamlResponse)).ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");

        (await Api.GetAsync($"/api/t/{other.Id}/users/{account}", other.Admin)).ShouldBe(HttpStatusCode.NotFound);
        var refusal = Assert.Single(await SignInAuditAsync(other));
        Assert.Equal("failure", refusal.GetProperty("result").GetString());
        Assert.Matches("^idp=corp; reason=saml-(destination|audience|in-response-to|signature-invalid)", refusal.GetProperty("detail").GetString());
        // Where it belonged it still works: the refusal elsewhere did not spend it.
        (await PostAsync(home.Id, forHome)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_response_with_a_tampered_attribute_is_refused_and_nobody_is_created()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await using var idp = await ConnectAsync(tenant);
        var account = NewAccount();
        var answer = await AnswerAsync(tenant, idp, account, "pam-approvers");
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(answer.SamlResponse)));
        var groups = document.GetElementsByTagName("Attribute", AssertionNs).OfType<XmlElement>().Single(a => a.GetAttribute("Name") == "groups");
        groups.GetElementsByTagName("AttributeValue", AssertionNs)[0]!.InnerText = "pam-admins";

        var refused = (await PostAsync(tenant.Id, answer, samlResponse: Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml))))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");

        Assert.Contains("did not pass Kagi's checks", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await Api.GetAsync($"/api/t/{tenant.Id}/users/{account}", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
        var refusal = Assert.Single(await SignInAuditAsync(tenant));
        Assert.StartsWith("idp=corp; reason=saml-signature-invalid", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_whose_groups_map_to_no_role_is_refused_and_not_created()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await using var idp = await ConnectAsync(tenant);
        var account = NewAccount();

        var refused = (await PostAsync(tenant.Id, await AnswerAsync(tenant, idp, account, "dba-team"))).ShouldBeProblem(HttpStatusCode.Forbidden, "sso-refused");

        Assert.Contains("Kagi role", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await Api.GetAsync($"/api/t/{tenant.Id}/users/{account}", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
        var refusal = Assert.Single(await SignInAuditAsync(tenant));
        Assert.StartsWith($"idp=corp; sub={account}; reason=sso-no-role", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sso_only_with_a_saml_provider_still_refuses_password_sign_in_except_for_break_glass()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await using var idp = await ConnectAsync(tenant);
        (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/sso-only", new { ssoOnly = true, breakGlass = BreakGlass }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "sso-only");
        (await Api.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "alice", password = TenantScript.AdminPassword }, null))
            .ShouldBe(HttpStatusCode.OK);
        (await PostAsync(tenant.Id, await AnswerAsync(tenant, idp, NewAccount(), "pam-admins"))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Saml_settings_are_checked_field_by_field_in_our_words_and_listed_as_a_sign_in_button()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        await using var idp = await ConnectAsync(tenant);

        var badCertificate = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/providers/other", new
        {
            displayName = "Other",
            kind = "saml",
            saml = new { entityId = "urn:other", ssoUrl = "https://idp.example.com/sso", signingCertificates = NotACertificate },
            roleMappings = new[] { new { group = "g", role = "admin" } },
        }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("X.509", badCertificate.Json.GetProperty("errors").GetProperty("saml.signingCertificates")[0].GetString(), StringComparison.Ordinal);

        var dtd = (await Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/sso/providers/other", new
        {
            displayName = "Other",
            kind = "saml",
            saml = new { metadata = "<!DOCTYPE md [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&x;\"/>" },
            roleMappings = new[] { new { group = "g", role = "admin" } },
        }, tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("DTD", dtd.Json.GetProperty("errors").GetProperty("saml.metadata")[0].GetString(), StringComparison.Ordinal);

        var button = Assert.Single((await Api.GetAsync($"/api/t/{tenant.Id}/auth/sso", null)).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray());
        Assert.Equal(("corp", "saml"), (button.GetProperty("id").GetString(), button.GetProperty("kind").GetString()));
    }
}
