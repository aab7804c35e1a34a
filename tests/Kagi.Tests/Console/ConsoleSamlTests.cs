using System.Text.RegularExpressions;
using Kagi.Domain.Sso.Saml;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Kagi.Tests.Sso;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>Issue 12 in Chromium: an admin connects a real saml-idp on the console's SSO page by pasting its metadata,
/// and a person signs in with the sign-in page's button, through the IdP's own form and its auto-posted answer.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class ConsoleSamlTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    [Fact]
    public async Task An_admin_connects_a_saml_idp_and_a_person_signs_in_with_its_button()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var sp = SamlServiceProvider.For(kagi.Api.BaseAddress, tenant.Id);
        await using var idp = await SamlIdpFixture.StartAsync(sp, LoopbackPorts.Unused());
        using var http = new HttpClient();
        var metadata = await http.GetStringAsync(new Uri(idp.BaseAddress, "/metadata"));
        var account = "console-" + Guid.NewGuid().ToString("N")[..8];

        await using (var adminContext = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US"))
        {
            var admin = await adminContext.NewPageAsync();
            await ConsoleAdmin.SignInAsync(admin, tenant.Id, "alice", TenantScript.AdminPassword);
            await admin.GotoAsync($"/t/{tenant.Id}/admin/sso");
            Assert.Equal(sp.MetadataUrl, await admin.Locator("#saml-sp-metadata").InnerTextAsync());
            Assert.Equal(sp.AcsUrl, await admin.Locator("#saml-sp-acs").InnerTextAsync());
            await admin.Locator("#sso-id").FillAsync("corp");
            await admin.Locator("#sso-name").FillAsync("Corporate SAML");
            await admin.Locator("#sso-kind").SelectOptionAsync("saml");
            await admin.Locator("#saml-metadata").FillAsync(metadata);
            await admin.Locator("#sso-roles").FillAsync("pam-users=user");
            await admin.Locator("form:has(#sso-id) button[type=submit]").ClickAsync();
            await admin.Locator(".done").WaitForAsync();
            var table = await admin.Locator("table").InnerTextAsync();
            Assert.Contains(SamlIdpFixture.Issuer, table, StringComparison.Ordinal);
            Assert.Contains(sp.AcsUrl, table, StringComparison.Ordinal);
        }

        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "ja-JP");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/t/{tenant.Id}/sign-in");
        await page.Locator("a.button", new() { HasText = "Corporate SAML でサインイン" }).ClickAsync();

        // The IdP's own form: the NameID and the groups (a tags input, so its hidden field is set directly).
        await page.Locator("#userName").FillAsync(account);
        await page.EvaluateAsync("value => { document.getElementById('groups').value = value; }", "pam-users");
        await page.Locator("#btn-sign-in").ClickAsync();

        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
        Assert.Equal($"Welcome, {account}", await page.Locator("h1").InnerTextAsync());
        var user = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/{account}", tenant.Admin)).ShouldBe(System.Net.HttpStatusCode.OK);
        Assert.Equal(["user"], user.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
