using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>
/// The admin's sign-in settings pages in Chromium against the real processes: what is saved in the
/// console is what the API then reads and what sign-in then does; a refused value is named beside its
/// field in the page's language and changes nothing.
/// </summary>
[Collection(ConsoleSettingsGroup.Name)]
public sealed class ConsoleSignInSettingsTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private const string SavedEn = "Saved. The new settings are in force.";
    private const string SavedJa = "保存しました。新しい設定が有効です。";

    [Fact]
    public async Task Lockout_sessions_and_adaptive_auth_set_in_english_are_what_sign_in_then_does()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var t = $"/api/t/{tenant.Id}/settings";
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);

        // From the admin navigation to the settings, then to the lockout page through the settings navigation.
        await page.GotoAsync($"/t/{tenant.Id}/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Password policy");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link)).ToHaveCountAsync(11);
        await page.GetByRole(AriaRole.Link, new() { Name = "Lockout", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Lockout");
        var before = (await kagi.Api.GetAsync($"{t}/lockout", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(before.GetProperty("threshold").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetByLabel("Lock after (wrong passwords)").InputValueAsync());

        await page.GetByLabel("Lock after (wrong passwords)").FillAsync("3");
        await page.GetByLabel("First lock (seconds)").FillAsync("600");
        await page.GetByLabel("Longest lock (seconds)").FillAsync("3600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedEn);
        await ConsoleScreenshots.SaveAsync(page, "admin-settings", "en-US");

        // Bob is locked on his third wrong password, as the console set it.
        for (var i = 0; i < 2; i++)
        {
            (await LoginAsync(tenant.Id, "bob", "Wrong-Password-000")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        (await LoginAsync(tenant.Id, "bob", "Wrong-Password-000")).ShouldBeProblem(HttpStatusCode.Locked, "locked");

        // Fifty guesses with a one-second lock would let far more than NIST's hundred an hour through: refused, beside the threshold.
        await page.GetByLabel("Lock after (wrong passwords)").FillAsync("50");
        await page.GetByLabel("First lock (seconds)").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Some fields are not valid. Check them and try again.");
        await Assertions.Expect(page.Locator("#threshold-problem")).ToHaveTextAsync("Enter 1 to 100 wrong passwords, and together with the lock times let at most 100 guesses an hour through.");
        Assert.Equal(3, (await kagi.Api.GetAsync($"{t}/lockout", tenant.Admin)).Json.GetProperty("threshold").GetInt32());

        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sessions");
        await page.GetByLabel("Session lifetime (minutes)").FillAsync("120");
        await page.GetByLabel("Ends after no use for (minutes)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedEn);
        var sessions = (await kagi.Api.GetAsync($"{t}/sessions", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal((120, 20), (sessions.GetProperty("lifetimeMinutes").GetInt32(), sessions.GetProperty("idleMinutes").GetInt32()));

        await page.GetByRole(AriaRole.Link, new() { Name = "Adaptive authentication", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Adaptive authentication");
        await page.GetByLabel("Score sign-ins for risk").CheckAsync();
        await page.GetByLabel("Ask for a second factor from (score 1–100)").FillAsync("30");
        await page.GetByLabel("Refuse the sign-in from (score 1–100)").FillAsync("70");
        await page.GetByLabel("Time zone for usual hours (IANA name)").FillAsync("Mars/Olympus");
        await page.GetByLabel("Half-life of past risk (seconds)").FillAsync("1800");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#timeZone-problem")).ToHaveTextAsync("Enter an IANA time zone such as Asia/Tokyo or Europe/Berlin.");
        Assert.False((await kagi.Api.GetAsync($"{t}/adaptive-auth", tenant.Admin)).Json.GetProperty("enabled").GetBoolean());

        // The refused page kept what was typed: only the time zone needs mending, and the keyboard is enough to send it.
        await page.GetByLabel("Time zone for usual hours (IANA name)").FillAsync("Asia/Tokyo");
        await page.GetByLabel("Time zone for usual hours (IANA name)").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedEn);
        var adaptive = (await kagi.Api.GetAsync($"{t}/adaptive-auth", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(adaptive.GetProperty("enabled").GetBoolean());
        Assert.Equal((30, 70, "Asia/Tokyo", 1800), (adaptive.GetProperty("stepUpScore").GetInt32(), adaptive.GetProperty("blockScore").GetInt32(),
            adaptive.GetProperty("timeZone").GetString(), adaptive.GetProperty("decayHalfLifeSeconds").GetInt32()));
    }

    [Fact]
    public async Task A_japanese_admin_sets_the_password_policy_and_mfa_and_a_short_minimum_is_refused_beside_its_field()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var t = $"/api/t/{tenant.Id}/settings";
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "alice", "ja-JP");
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "ja-JP");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);
        await page.GotoAsync($"/t/{tenant.Id}/admin/settings/password-policy");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("パスワードポリシー");
        Assert.Equal("12", await page.GetByLabel("最小の長さ (文字)").InputValueAsync());

        await page.GetByLabel("最小の長さ (文字)").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#minimumLength-problem")).ToHaveTextAsync("12〜64 の長さを入力してください。");
        Assert.Equal("minimumLength-problem", (await page.GetByLabel("最小の長さ (文字)").GetAttributeAsync("aria-describedby"))!);
        Assert.Equal(12, (await kagi.Api.GetAsync($"{t}/password-policy", tenant.Admin)).Json.GetProperty("minimumLength").GetInt32());

        await page.GetByLabel("最小の長さ (文字)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedJa);
        await Assertions.Expect(page.Locator("#minimumLength-problem")).ToHaveCountAsync(0);

        // Bob's new password of 16 characters is now too short; one of 24 is taken.
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/me/password", new { currentPassword = TenantScript.UserPassword, newPassword = "Quiet-Harbor-73x" }, tenant.Bob))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "password-rejected");
        (await kagi.Api.PostAsync($"/api/t/{tenant.Id}/me/password", new { currentPassword = TenantScript.UserPassword, newPassword = "Lantern-Quiet-Harbor-731" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.NoContent);

        await page.GetByRole(AriaRole.Link, new() { Name = "多要素認証", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("多要素認証");
        await page.GetByLabel("申請者", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedJa);
        var mfa = (await kagi.Api.GetAsync($"{t}/mfa", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.False(mfa.GetProperty("requiredForEveryone").GetBoolean());
        Assert.Equal(["user"], mfa.GetProperty("requiredForRoles").EnumerateArray().Select(role => role.GetString()));
        // Bob (a requester) may now only enrol a second factor; Carol (an approver) signs in as before.
        Assert.Equal("enrol-mfa", (await LoginAsync(tenant.Id, "bob", "Lantern-Quiet-Harbor-731")).ShouldBe(HttpStatusCode.OK).Text("restriction"));
        Assert.Equal(JsonValueKind.Null, (await LoginAsync(tenant.Id, "carol", TenantScript.UserPassword)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("restriction").ValueKind);

        await page.GetByRole(AriaRole.Link, new() { Name = "ロックアウト", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ロックアウト");
        await ConsoleScreenshots.SaveAsync(page, "admin-settings", "ja-JP");
    }

    [Fact]
    public async Task The_ip_allow_list_page_keeps_cidrs_asks_before_shutting_the_admin_out_and_can_allow_every_address_again()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var path = $"/api/t/{tenant.Id}/settings/ip-allowlist";
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);
        await page.GotoAsync($"/t/{tenant.Id}/admin/settings/ip-allowlist");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("IP allow-list");

        await page.GetByLabel("Everyone (CIDRs, one a line)").FillAsync("127.0.0.0/8\n::1");
        await page.GetByLabel("Approver", new() { Exact = true }).FillAsync("198.51.100.0/24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedEn);
        var kept = (await kagi.Api.GetAsync(path, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["127.0.0.0/8", "::1/128"], kept.GetProperty("cidrs").EnumerateArray().Select(cidr => cidr.GetString()));
        Assert.Equal(["198.51.100.0/24"], kept.GetProperty("roleCidrs").GetProperty("approver").EnumerateArray().Select(cidr => cidr.GetString()));
        await Assertions.Expect(page.GetByLabel("Everyone (CIDRs, one a line)")).ToHaveValueAsync("127.0.0.0/8\n::1/128");
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests", tenant.Carol)).ShouldBeProblem(HttpStatusCode.Forbidden, "ip-not-allowed");

        // Host bits set: not a network. Refused beside the field, and the list in force stays.
        await page.GetByLabel("Everyone (CIDRs, one a line)").FillAsync("10.0.0.1/8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#cidrs-problem")).ToHaveTextAsync("Enter CIDRs such as 203.0.113.0/24 or 2001:db8::/32, host bits zero, at most 500 in all.");
        Assert.Equal(2, (await kagi.Api.GetAsync(path, tenant.Admin)).Json.GetProperty("cidrs").GetArrayLength());

        await page.GetByRole(AriaRole.Button, new() { Name = "Empty the allow-list" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedEn);
        var emptied = (await kagi.Api.GetAsync(path, tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(0, emptied.GetProperty("cidrs").GetArrayLength());
        Assert.Empty(emptied.GetProperty("roleCidrs").EnumerateObject());
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests", tenant.Carol)).ShouldBe(HttpStatusCode.OK);

        // A list without the admin's own address is refused until they confirm it; then it is in force.
        await page.GetByLabel("Everyone (CIDRs, one a line)").FillAsync("198.51.100.0/24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The change would lock you out.");
        Assert.Equal(0, (await kagi.Api.GetAsync(path, tenant.Admin)).Json.GetProperty("cidrs").GetArrayLength());
        await page.GetByLabel("Save anyway, although it shuts me out").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(SavedEn);
        (await kagi.Api.GetAsync(path, tenant.Admin)).ShouldBeProblem(HttpStatusCode.Forbidden, "ip-not-allowed");
        (await kagi.Api.SendAsync(HttpMethod.Get, path, null, tenant.Admin, new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.7" })).ShouldBe(HttpStatusCode.OK);
        var refused = await page.GotoAsync($"/t/{tenant.Id}/admin/settings/ip-allowlist");
        Assert.Equal(403, refused!.Status);

        // The operator's way back in for a tenant that shut itself out.
        (await kagi.Api.SendAsync(HttpMethod.Delete, path, null, kagi.Api.OperatorToken)).ShouldBe(HttpStatusCode.OK);
        (await kagi.Api.GetAsync(path, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
    }

    private Task<ApiResponse> LoginAsync(string tenant, string username, string password) =>
        kagi.Api.PostAsync($"/api/t/{tenant}/auth/login", new { username, password }, null);
}
