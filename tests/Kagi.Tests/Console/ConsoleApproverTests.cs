using System.Net;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The approver's queue in the browser: bulk decisions, the requester's history beside a request, and decisions as someone's delegate.</summary>
[Collection(ConsoleJourneysGroup.Name)]
public sealed class ConsoleApproverTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private static readonly string[] Carol = ["carol"];
    private static readonly string[] Pg = ["pg"];
    private static readonly string[] Users = ["user"];

    public static TheoryData<string> Languages => new() { "en-US", "ja-JP" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task An_approver_approves_two_requests_at_once_from_the_queue(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var account = await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        var first = await RequestAsBobAsync(tenant, account, hoursFromNow: 1);
        var second = await RequestAsBobAsync(tenant, account, hoursFromNow: 3);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "carol", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "carol");

        await page.GetByRole(AriaRole.Link, new() { Name = japanese ? "承認" : "Approvals", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(japanese ? "承認" : "Approvals");
        await Assertions.Expect(page.Locator("input[name=requests]")).ToHaveCountAsync(2);
        await ConsoleScreenshots.SaveAsync(page, "approver-queue", locale);
        await page.Locator($"#choose-{first}").CheckAsync();
        await page.Locator($"#choose-{second}").CheckAsync();
        await page.Locator("#bulk-comment").FillAsync(japanese ? "両方どうぞ" : "both fine");
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "選択した申請を承認" : "Approve chosen" }).ClickAsync();

        await Assertions.Expect(page.Locator(".outcomes .status")).ToHaveTextAsync([japanese ? "承認済み" : "Approved", japanese ? "承認済み" : "Approved"]);
        await Assertions.Expect(page.Locator(".empty")).ToHaveTextAsync(japanese ? "承認待ちの申請はありません。" : "Nothing is waiting for your decision.");
        foreach (var id in new[] { first, second })
        {
            var request = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{id}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
            Assert.Equal("approved", request.Text("status"));
            Assert.Equal(japanese ? "両方どうぞ" : "both fine", request.Json.GetProperty("decisions")[0].GetProperty("comment").GetString());
        }

        // bob's next request shows carol his history: the two she approved, newest first, and what became of them.
        var third = await RequestAsBobAsync(tenant, account, hoursFromNow: 5);
        await page.GotoAsync($"/t/{tenant.Id}/requests/{third}");
        var history = page.Locator("section.requester-history");
        await Assertions.Expect(history.Locator("h2")).ToHaveTextAsync(japanese ? "bob さんのほかの申請" : "bob's other requests");
        await Assertions.Expect(history.Locator(".history-counts")).ToHaveTextAsync(japanese
            ? "ほかの申請 2 件: 承認 2、却下 0、未判断で期限切れ 0、取り消し 0、承認待ち 0。うち緊急 0 件。"
            : "2 other requests: 2 approved, 0 rejected, 0 expired undecided, 0 revoked, 0 waiting for approval; 0 of them emergency.");
        var rows = history.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Locator("td:first-child a")).ToHaveTextAsync([second[..8], first[..8]]);
        await Assertions.Expect(rows.Locator(".status")).ToHaveTextAsync([japanese ? "承認済み" : "Approved", japanese ? "承認済み" : "Approved"]);
        await Assertions.Expect(rows.Locator("td:nth-child(3)")).ToHaveTextAsync([account, account]);
        await Assertions.Expect(rows.Locator("td:nth-child(6)")).ToHaveTextAsync(["carol", "carol"]);
        await ConsoleScreenshots.SaveAsync(page, "requester-history", locale);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_delegate_set_in_the_browser_sees_the_request_in_their_queue_and_approves_it_in_the_approvers_name(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var account = await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "frank", password = TenantScript.UserPassword, roles = Users }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        // Only carol approves this target, so frank can decide only in her name.
        (await kagi.Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/workflows/lead", new
        {
            name = "Team lead",
            appliesTo = new { targets = Pg },
            steps = new[] { new { name = "team lead", approvers = new { users = Carol }, quorum = "any" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "carol", locale);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "frank", locale);

        await using var carolContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var carol = await carolContext.NewPageAsync();
        await SignInAsync(carol, tenant.Id, "carol");
        await carol.GotoAsync($"/t/{tenant.Id}/account");
        await carol.Locator("#delegate-to").FillAsync("frank");
        await carol.GetByRole(AriaRole.Button, new() { Name = japanese ? "委任する" : "Delegate", Exact = true }).ClickAsync();
        await Assertions.Expect(carol.Locator("section:has(#delegation) [role=status]")).ToHaveTextAsync(
            japanese ? "frank さんがあなたの代わりに判断できるようになりました。" : "frank may now decide in your name.");

        var id = await RequestAsBobAsync(tenant, account, hoursFromNow: 1);
        await using var frankContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var frank = await frankContext.NewPageAsync();
        await SignInAsync(frank, tenant.Id, "frank");
        await frank.GotoAsync($"/t/{tenant.Id}/approvals");
        await frank.Locator($"#choose-{id}").CheckAsync();
        await frank.GetByRole(AriaRole.Button, new() { Name = japanese ? "選択した申請を承認" : "Approve chosen" }).ClickAsync();

        await Assertions.Expect(frank.Locator(".outcomes .status")).ToHaveTextAsync(japanese ? "承認済み" : "Approved");
        var decision = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{id}", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("decisions")[0];
        Assert.Equal(("frank", "carol"), (decision.GetProperty("decidedBy").GetString(), decision.GetProperty("onBehalfOf").GetString()));
    }

    private async Task<string> RequestAsBobAsync(TenantScript tenant, string account, int hoursFromNow) =>
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/requests", new
        {
            accountId = account,
            from = DateTimeOffset.UtcNow.AddHours(hoursFromNow),
            until = DateTimeOffset.UtcNow.AddHours(hoursFromNow + 1),
            reason = "console queue",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");

    private static async Task SignInAsync(IPage page, string tenant, string username)
    {
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant}$"));
    }
}
