using System.Net;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Hosting;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The auditor's journey through the console after a real loop on PostgreSQL: search, paging,
/// export, the chain and the four reports, in English and Japanese; and who may not see them.</summary>
[Collection(ConsoleJourneysGroup.Name)]
public sealed class ConsoleAuditorTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    public static TheoryData<string> Languages => new() { "en-US", "ja-JP" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_auditor_finds_every_step_of_a_loop_pages_exports_sees_the_chain_valid_and_reads_each_report(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        string Say(string english, string japaneseText) => japanese ? japaneseText : english;
        var (tenant, requestId, passwords) = await LoopThroughTheApiAsync();
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "dave", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "dave");

        await page.GetByRole(AriaRole.Link, new() { Name = Say("Audit log", "監査ログ"), Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/audit$"));
        await Assertions.Expect(page.Locator(".verdict")).ToHaveClassAsync(new Regex("verdict-valid"));
        await Assertions.Expect(page.Locator(".verdict")).ToContainTextAsync(Say("The chain is intact", "チェーンは正常です"));
        await ConsoleScreenshots.SaveAsync(page, "auditor-audit", locale);

        // The request's own steps: asked, approved, checked out under it.
        await page.GetByRole(AriaRole.Link, new() { Name = Say("Audit search", "監査ログの検索"), Exact = true }).First.ClickAsync();
        await page.GetByLabel(Say("Request", "申請"), new() { Exact = true }).FillAsync(requestId);
        await page.GetByLabel(Say("Result", "結果"), new() { Exact = true }).SelectOptionAsync(AuditResults.Success);
        await page.GetByRole(AriaRole.Button, new() { Name = Say("Search", "検索"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("requestId=" + requestId));
        var byRequest = await page.Locator("table.audit tbody").InnerTextAsync();
        foreach (var action in new[] { "request.create", "request.approve", "account.checkout" })
        {
            Assert.Contains(action, byRequest, StringComparison.Ordinal);
        }

        Assert.Contains(Say("Success", "成功"), byRequest, StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "auditor-search", locale);

        // The account's steps, five to a page, paged through to the oldest.
        await page.GetByLabel(Say("Request", "申請"), new() { Exact = true }).FillAsync("");
        await page.GetByLabel(Say("Account", "アカウント"), new() { Exact = true }).FillAsync("owner");
        await page.GetByLabel(Say("Result", "結果"), new() { Exact = true }).SelectOptionAsync("");
        await page.GetByLabel(Say("Records per page", "1 ページの件数"), new() { Exact = true }).SelectOptionAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = Say("Search", "検索"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("accountId=owner"));
        var seen = new List<string>();
        var sequences = new List<long>();
        var pages = 0;
        while (true)
        {
            pages++;
            var rows = await page.Locator("table.audit tbody tr").CountAsync();
            // Only a page after a full one may be empty: the log cannot know the last record was the last match.
            Assert.InRange(rows, pages == 1 ? 1 : 0, 5);
            seen.AddRange(await page.Locator("table.audit tbody tr td:nth-child(4)").AllInnerTextsAsync());
            sequences.AddRange((await page.Locator("table.audit tbody tr td:first-child").AllInnerTextsAsync()).Select(long.Parse));
            var older = page.GetByRole(AriaRole.Link, new() { Name = Say("Older records", "さらに古い記録"), Exact = true });
            if (await older.CountAsync() == 0)
            {
                break;
            }

            var next = await older.GetAttributeAsync("href");
            Assert.Contains("continuation=", next, StringComparison.Ordinal);
            // Followed as a plain load: the URL of every page after the second already holds a continuation to wait for.
            await page.GotoAsync(next!);
        }

        Assert.True(pages >= 2, $"the account's records fill more than one page of five (pages: {pages})");
        foreach (var action in new[] { "request.create", "account.checkout", "account.checkin", "account.rotate" })
        {
            Assert.Contains(action, seen);
        }

        // Newest first across the pages, no record shown twice.
        Assert.Equal(sequences.Distinct().OrderDescending(), sequences);

        // Export: the whole search (every page) as CSV, through the console's cookie.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV", Exact = true }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("sequence,time,kind,actor,action", csv, StringComparison.Ordinal);
        foreach (var action in new[] { "request.create", "account.checkout", "account.checkin" })
        {
            Assert.Contains(action, csv, StringComparison.Ordinal);
        }

        foreach (var password in passwords)
        {
            Assert.DoesNotContain(password, csv, StringComparison.Ordinal);
        }

        var jsonl = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "JSON Lines", Exact = true }).ClickAsync());
        var lines = await File.ReadAllLinesAsync(await jsonl.PathAsync());
        Assert.Equal(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, lines.Length);

        // Each report, drawn as SVG with its title, its values in a table.
        var reports = new[]
        {
            ("use", Say("Use over time", "利用の推移")),
            ("rotations", Say("Rotations by outcome", "結果別のパスワード変更")),
            ("out-of-sync", Say("Out of sync over time", "非同期の推移")),
            ("logins", Say("Unreconciled logins", "突合できないログイン")),
        };
        foreach (var (report, name) in reports)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
            await page.WaitForURLAsync(new Regex($"/reports/{report}$"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
            var chart = page.Locator("svg[role=img]");
            await Assertions.Expect(chart).ToHaveCountAsync(1);
            Assert.StartsWith(name, await chart.Locator("title").First.TextContentAsync(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(await chart.Locator("desc").TextContentAsync()));
            Assert.True(await page.Locator("table.chart-values tbody tr").CountAsync() >= 3);
        }

        // The loop's one check-out is counted once in the use chart's values.
        await page.GetByRole(AriaRole.Link, new() { Name = reports[0].Item2, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/reports/use$"));
        // Enhanced navigation changes the address before the page: wait for the page itself.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(reports[0].Item2);
        Assert.Equal(1, (await page.Locator("table.chart-values tbody td").AllInnerTextsAsync()).Sum(int.Parse));
        await ConsoleScreenshots.SaveAsync(page, "auditor-report", locale);
        var usage = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='/reports/use/csv']").ClickAsync());
        var usageCsv = await File.ReadAllTextAsync(await usage.PathAsync());
        Assert.StartsWith("accountId,user,requestId", usageCsv, StringComparison.Ordinal);
        Assert.Contains($"owner,bob,{requestId}", usageCsv, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = reports[1].Item2, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/reports/rotations$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(reports[1].Item2);
        var completed = page.Locator("table.chart-values tr", new() { Has = page.Locator($"th:text-is('{Say("Completed", "完了")}')") }).Locator("td");
        Assert.True(int.Parse(await completed.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1, "the check-in's rotation is counted as completed");
    }

    [Fact]
    public async Task A_requester_gets_403_on_the_auditor_pages_and_the_export_url_needs_an_auditors_session()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");

        foreach (var path in new[] { "/audit/search", "/reports/use" })
        {
            var refused = await page.GotoAsync($"/t/{tenant.Id}{path}");
            Assert.Equal(403, refused!.Status);
            Assert.Equal("You are not allowed to do this.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
            Assert.Equal(0, await page.Locator("table, svg").CountAsync());
        }

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = kagi.Api.BaseAddress };
        var export = new Uri($"/t/{tenant.Id}/audit/export?format=csv", UriKind.Relative);
        using var anonymous = await http.GetAsync(export);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("audit.", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var asRequester = new HttpRequestMessage(HttpMethod.Get, export);
        asRequester.Headers.Add("Cookie", "kagi_console=" + tenant.Bob);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(asRequester)).StatusCode);

        using var report = await http.GetAsync(new Uri($"/t/{tenant.Id}/reports/use/csv?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, report.StatusCode);

        using var asAuditor = new HttpRequestMessage(HttpMethod.Get, export);
        asAuditor.Headers.Add("Cookie", "kagi_console=" + tenant.Dave);
        using var allowed = await http.SendAsync(asAuditor);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.StartsWith("sequence,time", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_edited_in_storage_shows_the_chain_broken_at_that_record_with_its_time()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var rows = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.AuditTable);
        var row = (await rows.GetEntityAsync<TableEntity>(AuditPartitions.Of(tenant.Id, 3), AuditRecordEntity.RowKeyOf(3))).Value;
        row["Actor"] = "mallory";
        await rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "dave");
        await page.GotoAsync($"/t/{tenant.Id}/audit");

        await Assertions.Expect(page.Locator(".verdict")).ToHaveTextAsync("The chain is broken: the first broken record is number 3.");
        var facts = await page.Locator("dl.facts").InnerTextAsync();
        Assert.Matches(new Regex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+00:00\)"), facts);
        Assert.Contains("The record was changed after it was written.", facts, StringComparison.Ordinal);
    }

    /// <summary>Bob's request for <c>owner</c> approved by carol, checked out and in by bob, all through the API.</summary>
    private async Task<(TenantScript Tenant, string RequestId, string[] Passwords)> LoopThroughTheApiAsync()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var (_, firstPassword) = await ConsoleFixtures.CreatePostgresAccountWithRoleAsync(kagi.Api, tenant);
        var requestId = await ConsoleFixtures.ApprovedRequestAsync(kagi.Api, tenant);
        var grant = (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/accounts/owner/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        return (tenant, requestId, [firstPassword, grant.Text("password"), TenantScript.UserPassword, TenantScript.AdminPassword]);
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
