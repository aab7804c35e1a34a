using System.Net;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>A deployment reached as http://localhost: Chromium refuses an IP address as a WebAuthn relying party id.</summary>
public sealed class LocalhostKagi : IAsyncLifetime
{
    public KagiDeployment Kagi { get; } = new(TestEnvironment.StorageConnection) { PublicHost = "localhost" };

    public Uri ConsoleAddress => new($"http://localhost:{Kagi.Api.BaseAddress.Port}");

    public Task InitializeAsync() => Kagi.InitializeAsync();

    public Task DisposeAsync() => Kagi.DisposeAsync();
}

/// <summary>Passkeys in Chromium with the DevTools virtual authenticator (a platform authenticator with user verification).</summary>
public sealed class ConsolePasskeyTests(LocalhostKagi localhost, ConsoleBrowser browser) : IClassFixture<LocalhostKagi>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public async Task A_user_registers_a_passkey_on_my_account_and_signs_in_with_it_as_the_second_factor()
    {
        var kagi = localhost.Kagi;
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await using var context = await browser.NewContextAsync(localhost.ConsoleAddress, "en-US");
        var page = await context.NewPageAsync();
        // What the page's scripts said, for the failure message: WebAuthn refusals show up only there.
        var said = new List<string>();
        page.Console += (_, message) => said.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => said.Add("error: " + error);
        // On the page before it first navigates, so the authenticator is there for every document the page loads.
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        var added = await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        var authenticatorId = added!.Value.GetProperty("authenticatorId").GetString()!;

        await SignInAsync(page, tenant.Id);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
        await page.GotoAsync($"/t/{tenant.Id}/account");
        await page.Locator("#passkey-name").FillAsync("Laptop");
        await page.Locator("#passkey-password").FillAsync(TenantScript.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        try
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Passkey \"Laptop\" added." })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"{e.Message}\nThe page said: {await page.Locator("main").InnerTextAsync()}\nIts scripts said: {string.Join("\n", said)}", e);
        }

        await Assertions.Expect(page.Locator("section[aria-labelledby=passkeys] table")).ToContainTextAsync("Laptop");
        var held = await devTools.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        Assert.Single(held!.Value.GetProperty("credentials").EnumerateArray());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/sign-in$"));
        await SignInAsync(page, tenant.Id);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" })).ToBeVisibleAsync();
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));

        var audit = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray();
        Assert.Contains(audit, e => e.GetProperty("actor").GetString() == "bob"
            && e.GetProperty("detail").GetString()?.StartsWith("reason=password+passkey", StringComparison.Ordinal) == true);

        // Removed on my account page, the passkey is gone from the list and no longer asked for at sign-in.
        await page.GotoAsync($"/t/{tenant.Id}/account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey Laptop" }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=passkeys] .empty")).ToBeVisibleAsync();
        Assert.Empty((await kagi.Api.GetAsync($"/api/t/{tenant.Id}/me/passkeys", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/sign-in$"));
        await SignInAsync(page, tenant.Id);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}$"));
    }

    private static async Task SignInAsync(IPage page, string tenant)
    {
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync("bob");
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.Locator("form button[type=submit]").Last.ClickAsync();
    }
}
