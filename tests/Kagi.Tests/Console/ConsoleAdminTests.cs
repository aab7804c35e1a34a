using System.Net;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The admin pages in Chromium against the real processes: who may open them, and what each form does.</summary>
[Collection(ConsoleJourneysGroup.Name)]
public sealed class ConsoleAdminTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    [Fact]
    public async Task A_requester_opening_an_admin_page_gets_403_and_sees_no_admin_link()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "bob", TenantScript.UserPassword);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).CountAsync());

        foreach (var path in new[] { "/admin", "/admin/users", "/admin/users/carol", "/admin/targets", "/admin/accounts", "/admin/workflows" })
        {
            var refused = await page.GotoAsync($"/t/{tenant.Id}{path}");
            Assert.Equal(403, refused!.Status);
            Assert.Equal("You are not allowed to do this.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        }
    }

    [Fact]
    public async Task An_admin_creates_a_user_changes_their_roles_disables_them_and_offboards_them()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).First.ClickAsync();

        await ConsoleAdmin.CreateUserAsync(page, "erin", "approver", "ops");
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/admin/users/erin$"));
        Assert.Contains("\"approver\"", (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/erin", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Body, StringComparison.Ordinal);

        await page.Locator("#role-approver").UncheckAsync();
        await page.Locator("#role-user").CheckAsync();
        await page.GetByLabel("Groups", new() { Exact = true }).FillAsync("ops, dba");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        var changed = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/erin", tenant.Admin)).Body;
        Assert.Contains("\"roles\":[\"user\"]", changed, StringComparison.Ordinal);
        Assert.Contains("\"dba\"", changed, StringComparison.Ordinal);

        // The last admin keeps the admin role: the page says why, in words.
        await page.GotoAsync($"/t/{tenant.Id}/admin/users/alice");
        await page.Locator("#role-admin").UncheckAsync();
        await page.Locator("#role-user").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The tenant would be left without an admin.");

        await page.GotoAsync($"/t/{tenant.Id}/admin/users/erin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToBeVisibleAsync();
        Assert.True((await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/erin", tenant.Admin)).Json.GetProperty("disabled").GetBoolean());

        await page.GetByRole(AriaRole.Link, new() { Name = "Offboard this user…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Offboard erin" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("erin was offboarded.");
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/users/erin", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);

        await page.GotoAsync($"/t/{tenant.Id}/admin/users?status=active&prefix=c");
        Assert.Equal(["carol"], await page.Locator("main table tbody td:first-child").AllInnerTextsAsync());
    }
}
