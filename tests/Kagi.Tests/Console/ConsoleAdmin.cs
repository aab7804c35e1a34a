using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;

namespace Kagi.Tests.Console;

/// <summary>What an admin does in the browser, step by step, for the admin tests.</summary>
public static class ConsoleAdmin
{
    public static async Task SignInAsync(IPage page, string tenant, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant}$"));
    }

    /// <summary>Fills the new-user form on the users page (any language: the form's fields are found by id).</summary>
    public static async Task CreateUserAsync(IPage page, string username, string role, string groups, string locale = "en-US")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(locale);
        await page.Locator("#new-username").FillAsync(username);
        await page.Locator("#new-password").FillAsync(TenantScript.UserPassword);
        await page.Locator("#role-" + role).CheckAsync();
        await page.Locator("#new-groups").FillAsync(groups);
        await page.Locator("#new-locale").SelectOptionAsync(locale[..2]);
        await page.Locator("#new-username").PressAsync("Enter");
    }
}
