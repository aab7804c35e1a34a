using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>Single sign-on in Chromium: an admin connects the real oidc-provider on the console's page, and a person
/// signs in with the sign-in page's button, through the provider's own pages, into the console.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class ConsoleSsoTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    [Fact]
    public async Task An_admin_connects_a_provider_and_a_person_signs_in_with_its_button()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var provider = await OidcTestProvider.SharedAsync();
        var account = "console-" + Guid.NewGuid().ToString("N")[..8];
        provider.SetAccount(account, account, "pam-users");
        var (clientId, clientSecret) = await provider.RegisterClientAsync(new Uri(kagi.Api.BaseAddress, $"/api/t/{tenant.Id}/auth/sso/corp/callback").ToString());

        await using (var adminContext = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US"))
        {
            var admin = await adminContext.NewPageAsync();
            await ConsoleAdmin.SignInAsync(admin, tenant.Id, "alice", TenantScript.AdminPassword);
            await admin.GotoAsync($"/t/{tenant.Id}/admin/sso");
            await admin.Locator("#sso-id").FillAsync("corp");
            await admin.Locator("#sso-name").FillAsync("Corporate SSO");
            await admin.Locator("#sso-issuer").FillAsync(provider.Issuer);
            await admin.Locator("#sso-client").FillAsync(clientId);
            await admin.Locator("#sso-secret").FillAsync(clientSecret);
            await admin.Locator("#sso-roles").FillAsync("pam-users=user");
            await admin.Locator("form:has(#sso-id) button[type=submit]").ClickAsync();
            await admin.Locator(".done").WaitForAsync();
            Assert.Contains($"/api/t/{tenant.Id}/auth/sso/corp/callback", await admin.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("", await admin.Locator("#sso-secret").InputValueAsync());
        }

        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "ja-JP");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/t/{tenant.Id}/sign-in");
        await page.Locator("a.button", new() { HasText = "Corporate SSO でサインイン" }).ClickAsync();

        // The provider's own pages: its login form (any password), then its consent.
        await page.Locator("input[name=login]").FillAsync(account);
        await page.Locator("input[name=password]").FillAsync("any");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
        // The sign-in page spoke the browser's language; the console speaks the profile's, and a user created by single
        // sign-on starts with English.
        Assert.Equal($"Welcome, {account}", await page.Locator("h1").InnerTextAsync());
        var user = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/{account}", tenant.Admin)).ShouldBe(System.Net.HttpStatusCode.OK);
        Assert.Equal(["user"], user.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
