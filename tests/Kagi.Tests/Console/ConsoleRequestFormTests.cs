using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>The requester's form in the browser: the workflow's custom fields, presets saved and applied, and the
/// window read in the requester's own time zone.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class ConsoleRequestFormTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private static readonly string[] Approvers = ["approver"];
    private static readonly string[] Pg = ["pg"];

    public static TheoryData<string> Languages => new() { "en-US", "ja-JP" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_missing_required_field_is_named_beside_it_then_the_values_reach_the_request_and_its_approver(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        await PutChangeWorkflowAsync(tenant, changeRequired: true);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "carol", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");

        await page.GotoAsync($"/t/{tenant.Id}/requests/new?account=owner");
        await Assertions.Expect(page.Locator("label[for=custom-0]")).ToHaveTextAsync(japanese ? "change （必須）" : "change (required)");
        await Assertions.Expect(page.Locator("#custom-1")).ToHaveAttributeAsync("type", "number");
        await page.Locator("#reason").FillAsync(japanese ? "変更作業" : "planned change");
        await page.Locator("#custom-1").FillAsync("3");
        await SendAsync(page, japanese);

        // The request's own refusal, named beside the field; what was typed stays.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#custom-0-problem")).ToHaveTextAsync(japanese ? "この項目は必須です。" : "This field is required.");
        await Assertions.Expect(page.Locator("#custom-0")).ToHaveAttributeAsync("aria-describedby", "custom-0-problem");
        await Assertions.Expect(page.Locator("#custom-1")).ToHaveValueAsync("3");
        await Assertions.Expect(page.Locator("#custom-1-problem")).ToHaveCountAsync(0);
        await ConsoleScreenshots.SaveAsync(page, "requester-custom-fields", locale);
        await page.Locator("#custom-0").FillAsync("42");
        await SendAsync(page, japanese);
        await Assertions.Expect(page.Locator("#custom-0-problem")).ToHaveTextAsync(japanese ? "値は ^CHG-[0-9]+$ に一致する必要があります。" : "The value must match ^CHG-[0-9]+$.");

        await page.Locator("#custom-0").FillAsync("CHG-42");
        await SendAsync(page, japanese);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        var id = page.Url[^32..];
        await Assertions.Expect(page.Locator(".facts dd.custom-field")).ToHaveTextAsync(["CHG-42", "3"]);
        var request = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{id}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        var fields = request.Json.GetProperty("customFields");
        Assert.Equal(("CHG-42", "3"), (fields.GetProperty("change").GetString(), fields.GetProperty("hosts").GetString()));

        await using var approverContext = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var approver = await approverContext.NewPageAsync();
        await SignInAsync(approver, tenant.Id, "carol");
        await approver.GotoAsync($"/t/{tenant.Id}/requests/{id}");
        await Assertions.Expect(approver.Locator(".facts dt.custom-field")).ToHaveTextAsync(["change", "hosts"]);
        await Assertions.Expect(approver.Locator(".facts dd.custom-field")).ToHaveTextAsync(["CHG-42", "3"]);
        await Assertions.Expect(approver.GetByRole(AriaRole.Button, new() { Name = japanese ? "承認する" : "Approve", Exact = true })).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_form_saved_as_a_preset_fills_the_form_again_and_is_sent_with_its_fields(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        await PutChangeWorkflowAsync(tenant, changeRequired: false);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");

        await page.GotoAsync($"/t/{tenant.Id}/requests/new?account=owner");
        await page.Locator("#from").FillAsync("2031-01-10T10:00");
        await page.Locator("#until").FillAsync("2031-01-10T12:30");
        await page.Locator("#reason").FillAsync(japanese ? "夜間バッチ" : "nightly batch");
        await page.Locator("#ticketReference").FillAsync("OPS-9");
        await page.Locator("#custom-0").FillAsync("CHG-7");
        await page.Locator("#presetId").FillAsync("nightly");
        await page.GetByRole(AriaRole.Button, new() { Name = japanese ? "プリセットとして保存" : "Save as preset" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(japanese ? "プリセット nightly を保存しました。" : "Preset nightly saved.");
        var saved = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/presets", tenant.Bob)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("items")[0];
        Assert.Equal("PT2H30M", saved.GetProperty("duration").GetString());
        Assert.Equal("CHG-7", saved.GetProperty("customFields").GetProperty("change").GetString());
        Assert.Equal("OPS-9", saved.GetProperty("ticketReference").GetString());

        await page.GotoAsync($"/t/{tenant.Id}/requests/new");
        await page.GetByRole(AriaRole.Link, new() { Name = japanese ? "nightly をフォームに適用" : "Fill the form from nightly" }).ClickAsync();
        await Assertions.Expect(page.Locator("#accountId")).ToHaveValueAsync("owner");
        await Assertions.Expect(page.Locator("#reason")).ToHaveValueAsync(japanese ? "夜間バッチ" : "nightly batch");
        await Assertions.Expect(page.Locator("#custom-0")).ToHaveValueAsync("CHG-7");
        // From now, for the preset's length.
        var from = DateTime.Parse(await page.Locator("#from").InputValueAsync(), CultureInfo.InvariantCulture);
        var until = DateTime.Parse(await page.Locator("#until").InputValueAsync(), CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(150), until - from);
        await ConsoleScreenshots.SaveAsync(page, "requester-preset", locale);
        await SendAsync(page, japanese);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        var request = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{page.Url[^32..]}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("CHG-7", request.Json.GetProperty("customFields").GetProperty("change").GetString());
        Assert.Equal("OPS-9", request.Text("ticketReference"));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_form_opened_without_an_account_comes_back_with_the_workflows_fields_to_fill(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        await PutChangeWorkflowAsync(tenant, changeRequired: true);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");

        // No account yet, so no fields of a workflow: the form posts none, and the request names the one it needs.
        await page.GotoAsync($"/t/{tenant.Id}/requests/new");
        await Assertions.Expect(page.Locator("#custom-0")).ToHaveCountAsync(0);
        await page.Locator("#accountId").FillAsync("owner");
        await page.Locator("#reason").FillAsync(japanese ? "変更作業" : "planned change");
        await SendAsync(page, japanese);

        await Assertions.Expect(page.Locator("#custom-0-problem")).ToHaveTextAsync(japanese ? "この項目は必須です。" : "This field is required.");
        await page.Locator("#custom-0").FillAsync("CHG-5");
        await SendAsync(page, japanese);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        var request = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{page.Url[^32..]}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("CHG-5", request.Json.GetProperty("customFields").GetProperty("change").GetString());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_requester_in_tokyo_who_enters_nine_oclock_asks_from_midnight_utc(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await LivesInAsync(tenant, "Asia/Tokyo");
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");
        var day = DateTime.UtcNow.Date.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The tenant's default workflow has no custom fields: the form is sent with none.
        await page.GotoAsync($"/t/{tenant.Id}/requests/new?account=owner");
        await Assertions.Expect(page.Locator("#from-zone")).ToContainTextAsync("Asia/Tokyo (UTC+09:00)");
        await page.Locator("#from").FillAsync(day + "T09:00");
        await page.Locator("#until").FillAsync(day + "T10:30");
        await page.Locator("#reason").FillAsync(japanese ? "朝の作業" : "morning work");
        await SendAsync(page, japanese);
        await page.WaitForURLAsync(new Regex($"/t/{tenant.Id}/requests/[0-9a-f]{{32}}$"));
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(japanese ? "朝の作業" : "morning work");

        var request = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests/{page.Url[^32..]}", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(DateTimeOffset.Parse(day + "T00:00:00Z", CultureInfo.InvariantCulture), request.Json.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse(day + "T01:30:00Z", CultureInfo.InvariantCulture), request.Json.GetProperty("until").GetDateTimeOffset());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_time_new_york_skips_for_daylight_saving_is_refused_beside_its_input(string locale)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        await ConsoleFixtures.CreatePostgresAccountAsync(kagi.Api, tenant);
        await ConsoleFixtures.SpeaksAsync(kagi.Api, tenant, "bob", locale);
        await LivesInAsync(tenant, "America/New_York");
        await using var context = await browser.NewContextAsync(kagi.Api.BaseAddress, locale);
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenant.Id, "bob");

        await page.GotoAsync($"/t/{tenant.Id}/requests/new?account=owner");
        // 9 March 2031: 02:00 EST becomes 03:00 EDT.
        await page.Locator("#from").FillAsync("2031-03-09T02:30");
        await page.Locator("#until").FillAsync("2031-03-09T04:00");
        await page.Locator("#reason").FillAsync(japanese ? "夜間作業" : "night work");
        await SendAsync(page, japanese);

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#from-problem")).ToHaveTextAsync(japanese
            ? "2031-03-09 02:30 は America/New_York には存在しません（夏時間の開始で時計がその1時間を飛ばします）。別の時刻を選んでください。"
            : "2031-03-09 02:30 does not exist in America/New_York: the clocks skip that hour when daylight saving time starts. Choose another time.");
        await Assertions.Expect(page.Locator("#until-problem")).ToHaveCountAsync(0);
        await ConsoleScreenshots.SaveAsync(page, "requester-dst-gap", locale);
        var mine = (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/requests?mine=true", tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, mine.Json.GetProperty("items").GetArrayLength());
    }

    private async Task PutChangeWorkflowAsync(TenantScript tenant, bool changeRequired) =>
        (await kagi.Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/workflows/changes", new
        {
            name = "Changes",
            appliesTo = new { targets = Pg },
            steps = new[] { new { name = "approver", approvers = new { roles = Approvers }, quorum = "any" } },
            customFields = new object[]
            {
                new { name = "change", required = changeRequired, pattern = "^CHG-[0-9]+$" },
                new { name = "hosts", required = false, type = "number" },
            },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

    private async Task LivesInAsync(TenantScript tenant, string zone) =>
        (await kagi.Api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/bob/profile", new { timeZone = zone }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);

    private static Task SendAsync(IPage page, bool japanese) =>
        page.GetByRole(AriaRole.Button, new() { Name = japanese ? "申請する" : "Send the request", Exact = true }).ClickAsync();

    private static async Task SignInAsync(IPage page, string tenant, string username)
    {
        await page.GotoAsync($"/t/{tenant}/sign-in");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(TenantScript.UserPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/t/{tenant}$"));
    }
}
