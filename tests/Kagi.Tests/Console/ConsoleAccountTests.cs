using System.Net;
using System.Text.RegularExpressions;
using Kagi.Domain.Identity;
using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;
using OtpNet;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>"My account" in the browser: two-step sign-in, password change and API tokens, each sending the API's own request.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class ConsoleAccountTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private const string NewPassword = "Brand-New-Pass-77!";

    public static TheoryData<string> Languages => new() { "en-US", "ja-JP" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_user_enrols_an_authenticator_in_the_browser_and_the_next_sign_in_asks_for_its_code(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));

        await page.GetByRole(AriaRole.Link, new() { Name = japanese ? "マイアカウント" : "My account" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(japanese ? "マイアカウント" : "My account");
        await page.Locator("#totp-password").FillAsync(TenantScript.UserPassword);
        var enrolment = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = japanese ? "認証アプリを追加" : "Add an authenticator" }).ClickAsync(),
            response => response.Request.Method == "POST");
        Assert.Equal("no-store", (await enrolment.AllHeadersAsync())["cache-control"]);
        await Assertions.Expect(page.Locator("img.qr")).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        var secret = Base32Encoding.ToBytes(await page.Locator("#totp-secret").InnerTextAsync());

        await page.Locator("#totp-code").FillAsync(TotpCodes.Compute(secret, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "有効にする" : "Turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync(japanese ? "2段階サインインは有効です。" : "Two-step sign-in is on.");
        await Assertions.Expect(page.Locator(".codes li")).ToHaveCountAsync(10);
        Assert.True((await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/bob", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("mfaEnabled").GetBoolean());

        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "サインアウト" : "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/sign-in$"));
        await SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            japanese ? "認証アプリのコード（またはリカバリーコード）を入力してください。" : "Enter the code from your authenticator app (or a recovery code).");
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == "kagi_console");

        // The code of the next period: the one used to turn MFA on cannot be replayed.
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.Locator("#totp").FillAsync(TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task After_a_password_change_in_the_browser_the_old_password_is_refused_and_the_new_one_signs_in(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
        await page.GotoAsync($"/t/{tenant.Id}/account");

        await page.Locator("#current-password").FillAsync(TenantScript.UserPassword);
        await page.Locator("#new-password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "パスワードを変更" : "Change password" }).ClickAsync();

        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/sign-in$"));
        // Every session of bob ended, the API's too, as the API's own password change does.
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me", tenant.Bob)).ShouldBe(HttpStatusCode.Unauthorized);
        await SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            japanese ? "ユーザー名またはパスワードが正しくありません。" : "The username or password is wrong.");
        await SignInAsync(page, tenant.Id, "bob", NewPassword);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task An_api_token_created_in_the_browser_works_against_the_api_until_it_is_revoked(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
        await page.GotoAsync($"/t/{tenant.Id}/account");

        await page.Locator("#token-name").FillAsync("ci-pipeline");
        await page.Locator("#token-password").FillAsync(TenantScript.UserPassword);
        var created = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = japanese ? "トークンを作成" : "Create token" }).ClickAsync(),
            response => response.Request.Method == "POST");
        Assert.Equal("no-store", (await created.AllHeadersAsync())["cache-control"]);
        var token = await page.Locator("#new-token").InputValueAsync();
        Assert.NotEmpty(token);
        Assert.Equal("bob", (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me", token)).ShouldBe(HttpStatusCode.OK).Text("username"));

        // The list never shows the token again, only its name.
        await page.GotoAsync($"/t/{tenant.Id}/account");
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "ci-pipeline を失効させる" : "Revoke ci-pipeline" }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=api-tokens] .empty")).ToHaveTextAsync(japanese ? "APIトークンはありません。" : "You have no API tokens.");
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me", token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task SignInAsync(IPage page, string tenant, string username, string password)
    {
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
    }
}
