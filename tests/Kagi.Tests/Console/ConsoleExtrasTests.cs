using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>
/// The console's extras, few tests each doing much: the requester's time zone and search for what they may
/// request; the admin's target edit and refused delete, discovery and adoption, rotate-now with its history, a CSV
/// import with one bad line in Japanese, and a one-time template.
/// </summary>
[Collection(ConsoleGroup.Name)]
public sealed class ConsoleExtrasTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private static readonly string[] Approvers = ["approver"];
    private static readonly string[] Pg = ["pg"];
    private static readonly string[] Reader = ["reader"];
    private static readonly string[] Bob = ["bob"];

    [Fact]
    public async Task A_requester_sets_their_time_zone_and_finds_only_the_accounts_a_workflow_lets_them_request()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        var (reader, readerPassword) = await PostgresRoles.CreateAsync("console_reader");
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "reader", targetId = "pg", username = reader, password = readerPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);

        // Under the default workflow bob may request both, a page at a time.
        var first = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me/requestable-accounts?limit=1", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["owner"], Ids(first));
        Assert.Equal("owner", first.Json.GetProperty("continuation").GetString());
        var second = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me/requestable-accounts?limit=1&continuation=owner", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["reader"], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("continuation").ValueKind);
        // Only requesters are answered: carol approves, she does not request.
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me/requestable-accounts", tenant.Carol)).ShouldBe(HttpStatusCode.Forbidden);

        // Then reader falls under a workflow only bob himself could approve, and pg under one asking for a change number.
        (await kagi.Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/workflows/solo", new
        {
            name = "Only bob",
            appliesTo = new { accounts = Reader },
            steps = new[] { new { name = "bob", approvers = new { users = Bob }, quorum = "any" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await kagi.Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/workflows/changes", new
        {
            name = "Change managed",
            appliesTo = new { targets = Pg },
            steps = new[] { new { name = "approver", approvers = new { roles = Approvers }, quorum = "any" } },
            customFields = new[] { new { name = "change", required = true, pattern = "^CHG[0-9]+$" } },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);

        // The time zone, set on the account page: the page's own clock is then written in it.
        await page.GotoAsync($"/t/{tenant.Id}/account");
        await page.Locator("#profile-zone").FillAsync("Mars/Olympus");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the time zone" }).ClickAsync();
        await Assertions.Expect(page.Locator("section:has(#profile-time-zone) [role=alert]")).ToBeVisibleAsync();
        await page.Locator("#profile-zone").FillAsync("Asia/Tokyo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the time zone" }).ClickAsync();
        await Assertions.Expect(page.Locator("#profile-zone-hint time")).ToContainTextAsync("Asia/Tokyo");
        Assert.Equal("Asia/Tokyo", (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("timeZone").GetString());

        // The search: reader is not offered; a prefix typed in capitals still finds owner.
        await page.GotoAsync($"/t/{tenant.Id}/requests/accounts");
        await Assertions.Expect(page.Locator("main table tbody tr")).ToHaveCountAsync(1);
        await page.Locator("#filter-prefix").FillAsync("OW");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("prefix=OW"));
        await Assertions.Expect(page.Locator("main table tbody tr")).ToHaveTextAsync(new Regex("owner.*pg.*Change managed", RegexOptions.Singleline));
        await ConsoleScreenshots.SaveAsync(page, "requestable-accounts", "en-US");

        // The same search in Japanese, for the README.
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", "ja-JP");
        await page.GotoAsync($"/t/{tenant.Id}/requests/accounts");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("申請できるアカウント");
        await Assertions.Expect(page.Locator("main table tbody tr")).ToHaveCountAsync(1);
        await ConsoleScreenshots.SaveAsync(page, "requestable-accounts", "ja-JP");
    }

    [Fact]
    public async Task An_admin_edits_a_target_is_told_plainly_why_it_cannot_go_adopts_rotates_imports_with_one_bad_line_and_makes_a_one_time_template()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "alice", "ja-JP");
        var (ownerRole, ownerPassword) = await ConsoleFixtures.CreatePostgresAccountWithRoleAsync(kagi.Api, tenant);
        var (spare, _) = await PostgresRoles.CreateAsync("console_spare");
        var (imported, importedPassword) = await PostgresRoles.CreateAsync("console_import");
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "ja-JP");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);

        // Edit: a new rate limit is kept.
        await page.GotoAsync($"/t/{tenant.Id}/admin/targets/pg");
        await page.Locator("#edit-per-minute").FillAsync("30");
        await page.Locator("#edit-burst").FillAsync("5");
        await page.Locator("form:has(#edit-burst) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("保存しました。");
        var target = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/targets/pg", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(30, target.GetProperty("rateLimit").GetProperty("perMinute").GetInt32());

        // Delete: refused while owner remains, and the page names it.
        await page.Locator("#delete-confirm").CheckAsync();
        await page.Locator("form:has(#delete-confirm) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("section:has(#delete-target) [role=alert]"))
            .ToHaveTextAsync("この対象システムにはまだアカウント（owner）があります。先にそれらを削除してから、対象システムを削除してください。");
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/targets/pg", tenant.Admin)).ShouldBe(HttpStatusCode.OK);

        // Discovery: the scan finds the spare role unmanaged; adopting it is a job, whose page shows it put under management.
        await page.Locator("section:has(#test-connection) button[type=submit]").ClickAsync();
        // The scan logs in to the real PostgreSQL and lists its roles: on a busy machine that outlasts the default 5 s.
        await Assertions.Expect(page.Locator("section:has(#discovery) table")).ToContainTextAsync(spare, new() { Timeout = 30_000 });
        await page.Locator("#adopt-username").SelectOptionAsync(spare);
        await page.Locator("#adopt-id").FillAsync("Spare");
        await page.Locator("form:has(#adopt-id) button[type=submit]").ClickAsync();
        // The job's page comes after the job is stored, which can take longer than the default 5 s on a busy machine.
        await Assertions.Expect(page.Locator("#import-job")).ToHaveTextAsync("管理下に置くジョブ", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#import-job-panel")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#import-job-panel .line-results li")).ToContainTextAsync($"{spare} を spare として管理下に置きました。");
        Assert.Equal(spare, (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/accounts/spare", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("username").GetString());

        // Rotate now: the old password stops working and the history shows the manual rotation.
        await page.GotoAsync($"/t/{tenant.Id}/admin/accounts/owner");
        await page.Locator("section:has(#rotate-now) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("対象システムのパスワードを変更しました。");
        await Assertions.Expect(page.Locator("section:has(#rotation-history) tbody tr").First).ToHaveTextAsync(new Regex("manual.*completed", RegexOptions.Singleline));
        Assert.False(await PostgresRoles.CanLogInAsync(ownerRole, ownerPassword));

        // Import: one bad line refuses the file, and the line is named in Japanese.
        await page.GotoAsync($"/t/{tenant.Id}/admin/accounts");
        await page.Locator("#import-csv").FillAsync($"id,targetId,username,password\nimported,pg,{imported},{importedPassword}\nBad/Id?,pg,someone,Secret-1\n");
        await page.Locator("form:has(#import-csv) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".line-errors li"))
            .ToHaveTextAsync("3 行目： id は 1〜64 文字の英小文字・数字・「.」「_」「-」「@」で、英小文字か数字で始めてください。");
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/accounts/imported", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);

        // A one-time template: created from the accounts page, shown on its own page and in the list.
        await page.Locator("#one-time-id").FillAsync("temp");
        await page.Locator("#one-time-target").FillAsync("pg");
        await page.Locator("#one-time-prefix").FillAsync("tmp");
        await page.Locator("#one-time-end").SelectOptionAsync("Disable");
        await page.Locator("form:has(#one-time-id) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin/accounts/temp$"));
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(new Regex("tmp.*アカウントを無効化", RegexOptions.Singleline));
        var template = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/accounts/temp", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("tmp", template.GetProperty("oneTime").GetProperty("prefix").GetString());
        await page.GotoAsync($"/t/{tenant.Id}/admin/accounts?prefix=temp");
        await Assertions.Expect(page.Locator("main table tbody tr")).ToContainTextAsync("tmp_");
    }

    private static IEnumerable<string?> Ids(ApiResponse response) =>
        response.Json.GetProperty("accounts").EnumerateArray().Select(account => account.GetProperty("id").GetString());
}
