using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The requester's and approver's journey through the console, on a real PostgreSQL target.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class ConsoleLoopTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private const float TargetWork = 30_000;

    public static TheoryData<string> Languages => new() { "en-US", "ja-JP" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_request_is_made_approved_checked_out_and_checked_in_in_the_browser_and_the_password_changes(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var (role, _) = await ConsoleFixtures.CreatePostgresAccountWithRoleAsync(kagi.Api, tenant);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "carol", locale);

        await using var requesterContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var requester = await requesterContext.NewPageAsync();
        await SignInAsync(requester, tenant.Id, "bob");
        await requester.GetByRole(AriaRole.Link, new() { Name = japanese ? "新しい申請" : "New request" }).ClickAsync();
        await requester.Locator("#accountId").FillAsync("owner");
        await requester.Locator("#reason").FillAsync(japanese ? "スキーマの修正" : "fix the schema");
        await requester.GetByRole(AriaRole.Button, new() { Name = japanese ? "申請する" : "Send the request" }).ClickAsync();
        await requester.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        var requestUrl = requester.Url;
        await Assertions.Expect(requester.Locator(".status")).ToHaveTextAsync(japanese ? "承認待ち" : "Waiting for approval");
        await ConsoleScreenshots.SaveAsync(requester, "requester-request", locale);

        await using var approverContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var approver = await approverContext.NewPageAsync();
        await SignInAsync(approver, tenant.Id, "carol");
        await approver.Locator("#to-decide ~ table a, section:has(#to-decide) table a").First.ClickAsync();
        await approver.WaitForURLAsync(requestUrl);
        await ConsoleScreenshots.SaveAsync(approver, "approver-request", locale);
        await approver.Locator("#comment").FillAsync(japanese ? "どうぞ" : "go ahead");
        await approver.GetByRole(AriaRole.Button, new() { Name = japanese ? "承認する" : "Approve" }).ClickAsync();
        await Assertions.Expect(approver.Locator(".status")).ToHaveTextAsync(japanese ? "承認済み" : "Approved");

        await requester.GotoAsync(requestUrl);
        await requester.GetByRole(AriaRole.Button, new() { Name = japanese ? "チェックアウト" : "Check out" }).ClickAsync();
        var secret = requester.Locator("#revealed");
        // Check-out and check-in change the password on PostgreSQL before the page answers: on a loaded machine
        // (the suite runs browsers, clusters and targets side by side) that takes longer than Playwright's 5 s.
        await Assertions.Expect(secret).ToHaveAttributeAsync("type", "password", new() { Timeout = TargetWork });
        var password = await secret.InputValueAsync();
        Assert.True(await PostgresRoles.CanLogInAsync(role, password), "the password revealed in the browser logs in to PostgreSQL");
        await requester.GetByRole(AriaRole.Button, new() { Name = japanese ? "表示" : "Show" }).ClickAsync();
        await Assertions.Expect(secret).ToHaveAttributeAsync("type", "text");
        await ConsoleScreenshots.SaveAsync(requester, "requester-checkout", locale);

        // The password lives only in the answer to the check-out: no other page carries it.
        await requester.GotoAsync(requestUrl);
        Assert.DoesNotContain(password, await requester.ContentAsync(), StringComparison.Ordinal);
        await requester.GotoAsync($"/t/{tenant.Id}");
        Assert.DoesNotContain(password, await requester.ContentAsync(), StringComparison.Ordinal);

        await requester.GotoAsync(requestUrl);
        await requester.GetByRole(AriaRole.Button, new() { Name = japanese ? "チェックイン" : "Check in" }).ClickAsync();
        await Assertions.Expect(requester.GetByRole(AriaRole.Status)).ToContainTextAsync(japanese ? "パスワードを変更しました" : "The password was changed on the target.", new() { Timeout = TargetWork });
        Assert.False(await PostgresRoles.CanLogInAsync(role, password), "after check-in the old password no longer logs in");
    }

    [Fact]
    public async Task A_revealed_password_leaves_the_page_after_the_auto_hide()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountWithRoleAsync(kagi.Api, tenant);
        var requestId = await ConsoleFixtures.ApprovedRequestAsync(kagi.Api, tenant);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        await context.Clock.InstallAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");

        await page.GotoAsync($"/t/{tenant.Id}/requests/{requestId}");
        var checkout = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Check out" }).ClickAsync(),
            response => response.Request.Method == "POST");
        Assert.Equal("no-store", (await checkout.AllHeadersAsync())["cache-control"]);
        var password = await page.Locator("#revealed").InputValueAsync();
        Assert.NotEmpty(password);

        await page.Clock.RunForAsync(61_000);

        await Assertions.Expect(page.Locator("#revealed")).ToHaveCountAsync(0);
        Assert.DoesNotContain(password, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, await page.EvaluateAsync<string>("() => document.documentElement.outerHTML"), StringComparison.Ordinal);
    }

    private static async Task SignInAsync(IPage page, string tenant, string username)
    {
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant}$"));
    }
}
