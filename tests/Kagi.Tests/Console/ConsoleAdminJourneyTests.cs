using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>
/// The whole loop set up by an admin in the browser: two approvers and a requester, a real PostgreSQL
/// target, an account and a two-step workflow; then the requester requests, both approvers approve in
/// turn, and the password checked out logs in to PostgreSQL until it is checked in.
/// </summary>
[Collection(ConsoleJourneysGroup.Name)]
public sealed class ConsoleAdminJourneyTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    public static TheoryData<string, string, string> Languages => new()
    {
        { "en-US", "Admin", "Connected: " },
        { "ja-JP", "管理", "接続できました。" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task An_admin_sets_up_users_a_target_an_account_and_a_two_step_workflow_that_the_loop_then_follows(string locale, string adminHeading, string connected)
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "alice", locale);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("console_admin", "CREATEROLE");
        var (role, firstPassword) = await PostgresRoles.CreateAsync("console_owner");

        await using var adminContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var admin = await adminContext.NewPageAsync();
        await ConsoleAdmin.SignInAsync(admin, tenant.Id, "alice", TenantScript.AdminPassword);
        await admin.GetByRole(AriaRole.Link, new() { Name = adminHeading, Exact = true }).First.ClickAsync();
        await admin.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin$"));
        // Enhanced navigation changes the address before it patches the page: wait for the page itself.
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync(adminHeading);
        await ConsoleScreenshots.SaveAsync(admin, "admin-home", locale);

        // Users: two approvers and a requester, each speaking the test's language.
        foreach (var (name, userRole) in new[] { ("ann", "approver"), ("ken", "approver"), ("rin", "user") })
        {
            await admin.GotoAsync($"/t/{tenant.Id}/admin/users");
            await ConsoleAdmin.CreateUserAsync(admin, name, userRole, "ops", locale);
            await admin.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin/users/{name}$"));
        }

        await admin.GotoAsync($"/t/{tenant.Id}/admin/users?role=approver");
        await Assertions.Expect(admin.Locator("main table tbody tr")).ToHaveCountAsync(3);
        Assert.Equal(["ann", "carol", "ken"], await admin.Locator("main table tbody td:first-child").AllInnerTextsAsync());
        await ConsoleScreenshots.SaveAsync(admin, "admin-users", locale);

        // The PostgreSQL target: registered, then its connection tested.
        await admin.GotoAsync($"/t/{tenant.Id}/admin/targets");
        await admin.Locator("#target-id").FillAsync("pg");
        await admin.Locator("#target-kind").SelectOptionAsync("postgres");
        await admin.Locator("#target-host").FillAsync(PostgresRoles.Host);
        await admin.Locator("#target-port").FillAsync(PostgresRoles.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.Locator("#target-admin").FillAsync(adminRole);
        await admin.Locator("#target-admin-password").FillAsync(adminPassword);
        await admin.Locator("form:has(#target-id) button[type=submit]").ClickAsync();
        await admin.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin/targets/pg$"));
        await admin.Locator("section:has(#test-connection) button[type=submit]").ClickAsync();
        // Kagi logs in to the real PostgreSQL and lists its roles, slower than Playwright's default 5 s on a busy machine.
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync(connected, new() { Timeout = 30_000 });

        // The account, on the target, with its current password.
        await admin.GotoAsync($"/t/{tenant.Id}/admin/accounts");
        await admin.Locator("#account-id").FillAsync("owner");
        await admin.Locator("#account-target").FillAsync("pg");
        await admin.Locator("#account-username").FillAsync(role);
        await admin.Locator("#account-password").FillAsync(firstPassword);
        await admin.Locator("form:has(#account-id) button[type=submit]").ClickAsync();
        await admin.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin/accounts/owner$"));

        // The workflow: ann first, then ken.
        await admin.GotoAsync($"/t/{tenant.Id}/admin/workflows/new");
        await admin.Locator("#workflow-id").FillAsync("two-step");
        await admin.Locator("#workflow-name").FillAsync("Owner: lead, then DBA");
        await admin.Locator("#workflow-accounts").FillAsync("owner");
        await admin.Locator("#step1-name").FillAsync("lead");
        await admin.Locator("#step1-users").FillAsync("ann");
        await admin.Locator("#step2-name").FillAsync("dba");
        await admin.Locator("#step2-users").FillAsync("ken");
        await admin.Locator("form:has(#workflow-id) button[type=submit]").ClickAsync();
        await admin.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin/workflows/two-step$"));
        await Assertions.Expect(admin.Locator("#step1-users")).ToHaveValueAsync("ann");
        await Assertions.Expect(admin.Locator("#step2-users")).ToHaveValueAsync("ken");

        // The requester asks for the account.
        await using var requesterContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var requester = await requesterContext.NewPageAsync();
        await ConsoleAdmin.SignInAsync(requester, tenant.Id, "rin", TenantScript.UserPassword);
        await requester.GotoAsync($"/t/{tenant.Id}/requests/new");
        await requester.Locator("#accountId").FillAsync("owner");
        await requester.Locator("#reason").FillAsync("schema change");
        // The form's other submit button saves it as a preset.
        await requester.Locator("main form button[value=send]").ClickAsync();
        await requester.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        var requestUrl = requester.Url;

        // Step one: ann; the request still waits for step two. Then ken, and it is approved.
        await DecideAsync("ann", requestUrl, locale);
        var pending = await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{requestUrl[(requestUrl.LastIndexOf('/') + 1)..]}", tenant.Admin);
        Assert.Equal("pending", pending.Text("status"));
        await DecideAsync("ken", requestUrl, locale);

        await requester.GotoAsync(requestUrl);
        await requester.Locator("button[value='checkout:owner']").ClickAsync();
        await Assertions.Expect(requester.Locator("#revealed")).ToHaveCountAsync(1);
        var password = await requester.Locator("#revealed").InputValueAsync();
        Assert.True(await PostgresRoles.CanLogInAsync(role, password), "the password revealed in the browser logs in to PostgreSQL");

        await requester.GotoAsync(requestUrl);
        await requester.Locator("button[value='checkin:owner']").ClickAsync();
        await Assertions.Expect(requester.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        Assert.False(await PostgresRoles.CanLogInAsync(role, password), "after check-in the old password no longer logs in");

        // The admin sees the rotations the loop caused in the account's history.
        await admin.GotoAsync($"/t/{tenant.Id}/admin/accounts/owner");
        Assert.True(await admin.Locator("section:has(#rotation-history) tbody tr").CountAsync() >= 1);
    }

    private async Task DecideAsync(string approver, string requestUrl, string locale)
    {
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, "" + new Uri(requestUrl).AbsolutePath.Split('/')[2], approver, TenantScript.UserPassword);
        await page.GotoAsync(requestUrl);
        await page.Locator("button[name='Decision.Verdict'][value=approve]").ClickAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync(approver);
    }
}
