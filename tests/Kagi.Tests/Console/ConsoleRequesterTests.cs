using System.Net;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The requester's extras in the browser: several accounts in one request, extension, emergency access, the post-work report and the lease countdown.</summary>
[Collection(ConsoleJourneysGroup.Name)]
public sealed class ConsoleRequesterTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private static readonly string[] Approvers = ["approver"];
    private static readonly string[] Pg = ["pg"];

    public static TheoryData<string> Languages => new() { "en-US", "ja-JP" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_requester_asks_for_two_accounts_in_one_request_and_later_for_more_time(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        var (reader, readerPassword) = await PostgresRoles.CreateAsync("console_reader");
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "reader", targetId = "pg", username = reader, password = readerPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id);

        await page.GotoAsync($"/t/{tenant.Id}/requests/new");
        await page.Locator("#accountId").FillAsync("owner, Reader");
        await page.Locator("#reason").FillAsync(japanese ? "移行作業" : "migration");
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "申請する" : "Send the request" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        var id = page.Url[^32..];
        var submitted = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{id}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["owner", "reader"], submitted.Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("accountId").GetString()));

        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/requests/{id}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        await page.ReloadAsync();
        await page.Locator("#extend-reason").FillAsync(japanese ? "作業が長引いています" : "the migration runs long");
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "延長を申請する" : "Ask for the extension" }).ClickAsync();

        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(japanese ? "承認待ち — 作業が長引いています" : "waiting for approval — the migration runs long");
        var extended = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{id}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("pending", extended.Json.GetProperty("extension").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Emergency_access_started_in_the_browser_is_granted_counts_down_its_lease_and_takes_the_post_work_report()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        await context.Clock.InstallAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id);

        // The default workflow has no break-glass: the console says so, as the API does.
        await page.GotoAsync($"/t/{tenant.Id}/requests/emergency");
        await page.Locator("#emergency-accounts").FillAsync("owner");
        await page.Locator("#emergency-reason").FillAsync("orders database is down");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start emergency access" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("You are not allowed to do this.");

        (await kagi.Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/workflows/prod", new
        {
            name = "Production",
            appliesTo = new { targets = Pg },
            steps = new[] { new { name = "approver", approvers = new { roles = Approvers }, quorum = "any" } },
            emergency = new { allowed = true, approvalWithin = "PT4H" },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        await page.Locator("#emergency-reason").FillAsync("orders database is down");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start emergency access" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        await Assertions.Expect(page.Locator(".facts .status")).ToHaveTextAsync("Approved");

        await page.GetByRole(AriaRole.Button, new() { Name = "Check out" }).ClickAsync();
        var countdown = page.Locator(".countdown");
        var first = Seconds(await countdown.InnerTextAsync());
        // The lease ends within the window (an hour), as the server counted it.
        Assert.InRange(first, 60, 3600);
        await page.Clock.RunForAsync(65_000);
        var later = Seconds(await countdown.InnerTextAsync());
        Assert.InRange(first - later, 64, 75);

        await page.GotoAsync(page.Url);
        await page.Locator("#report-text").FillAsync("restarted the primary; no data lost");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the report" }).ClickAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("restarted the primary; no data lost");
        Assert.Equal(0, await page.Locator("#report-text").CountAsync());
    }

    private static int Seconds(string shown)
    {
        var parts = shown.Split(':').Select(int.Parse).ToArray();
        return (parts[0] * 3600) + (parts[1] * 60) + parts[2];
    }

    private static async Task SignInAsync(IPage page, string tenant)
    {
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync("bob");
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant}$"));
    }
}
