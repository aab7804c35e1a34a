using System.Net;
using System.Text.Json;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>
/// The audit settings pages (retention, SIEM destinations, scheduled reports) and the data key page in
/// Japanese, against the real processes: refusals named by field, a shorter retention and a removed
/// destination shown as waiting, and every change read back through GET settings/audit.
/// </summary>
[Collection(ConsoleSettingsGroup.Name)]
public sealed class ConsoleAuditSettingsTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private static readonly string[] CaField = ["CA 証明書"];

    private const string SavedWaiting = "保存しました。ただし監査記録を弱める変更のため、7 日間保留されます（下記参照）。";

    [Fact]
    public async Task An_admin_shortens_the_retention_adds_and_removes_a_siem_destination_and_schedules_a_report_in_japanese()
    {
        var api = kagi.Api;
        var tenant = await TenantScript.OpenAsync(api);
        await ConsoleFixtures.SpeaksAsync(api, tenant, "alice", "ja-JP");
        await using var context = await browser.NewContextAsync(api.BaseAddress, "ja-JP");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);

        await page.GotoAsync($"/t/{tenant.Id}/admin/settings/audit-retention");
        await page.Locator("#retention-days").FillAsync("10");
        await page.Locator("#retention-days").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("入力内容に誤りがあります。確認してもう一度お試しください。");
        Assert.Equal(["保持期間（日数）"], await page.Locator(".field-problems li").AllInnerTextsAsync());

        await page.Locator("#retention-days").FillAsync("90");
        await page.Locator("#retention-days").PressAsync("Enter");
        await Assertions.Expect(page.Locator("p.done[role=status]")).ToHaveTextAsync(SavedWaiting);
        await Assertions.Expect(page.Locator("#retention-in-force")).ToHaveTextAsync("365 日");
        await Assertions.Expect(page.Locator("#audit-waiting ~ p[role=status]")).ToContainTextAsync("alice が依頼しました。反映予定: ");
        var settings = await SettingsAsync(tenant);
        Assert.Equal((365, 90), (settings.GetProperty("retentionDays").GetInt32(), settings.GetProperty("pending").GetProperty("retentionDays").GetInt32()));

        // A destination added here streams at once, its URL's token sealed; a CA that is no certificate is named by field.
        using var ca = TestCertificates.CreateCa("Console SIEM CA");
        var url = $"https://127.0.0.1:{LoopbackPorts.Unused()}/ingest?token=console-siem-token-42";
        await page.GotoAsync($"/t/{tenant.Id}/admin/settings/siem");
        await page.Locator("#siem-id").FillAsync("soc");
        await page.Locator("#siem-kind").SelectOptionAsync("http");
        await page.Locator("#siem-url").FillAsync(url);
        await page.Locator("#siem-ca").FillAsync("not a certificate");
        await page.Locator("#siem-id").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".field-problems li")).ToHaveTextAsync(CaField);
        await page.Locator("#siem-ca").FillAsync(ca.ExportCertificatePem());
        await page.Locator("#siem-id").PressAsync("Enter");
        await Assertions.Expect(page.Locator("p.done[role=status]")).ToHaveTextAsync(SavedWaiting);
        var soc = Assert.Single((await SettingsAsync(tenant)).GetProperty("siem").EnumerateArray());
        Assert.Equal(("soc", "http"), (soc.GetProperty("id").GetString(), soc.GetProperty("kind").GetString()));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", soc.GetProperty("caCertificate").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("console-siem-token-42", soc.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("console-siem-token-42", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(["有効"], await page.Locator("#siem-list ~ form tbody td:nth-child(5)").AllInnerTextsAsync());

        // Removing it waits: it keeps streaming, and the page says so.
        await page.GetByRole(AriaRole.Button, new() { Name = "soc を削除" }).ClickAsync();
        await Assertions.Expect(page.Locator("#siem-list ~ form tbody td:nth-child(5)")).ToHaveTextAsync("削除保留中");
        settings = await SettingsAsync(tenant);
        Assert.Equal("soc", Assert.Single(settings.GetProperty("siem").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal((90, 0), (settings.GetProperty("pending").GetProperty("retentionDays").GetInt32(), settings.GetProperty("pending").GetProperty("siem").GetArrayLength()));

        await page.GotoAsync($"/t/{tenant.Id}/admin/settings/scheduled-reports");
        await page.Locator("#report-id").FillAsync("weekly-usage");
        await page.Locator("#report-kind").SelectOptionAsync("usage");
        await page.Locator("#report-schedule").SelectOptionAsync("weekly");
        await page.Locator("#report-recipients").FillAsync("audit@acme.test, sec@acme.test");
        await page.Locator("#report-id").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#report-list ~ form tbody tr")).ToHaveCountAsync(1);
        var report = Assert.Single((await SettingsAsync(tenant)).GetProperty("reports").EnumerateArray());
        Assert.Equal(("weekly-usage", "usage", "weekly"), (report.GetProperty("id").GetString(), report.GetProperty("report").GetString(), report.GetProperty("schedule").GetString()));
        Assert.Equal(["audit@acme.test", "sec@acme.test"], report.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        await page.GetByRole(AriaRole.Button, new() { Name = "weekly-usage を削除" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-list ~ p.empty")).ToHaveTextAsync("定期レポートはありません。");
        Assert.Equal(0, (await SettingsAsync(tenant)).GetProperty("reports").GetArrayLength());

        await page.GotoAsync($"/t/{tenant.Id}/admin/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("データ鍵");
        var current = (await api.GetAsync($"/api/t/{tenant.Id}/keys", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("currentKeyId").GetInt32();
        await Assertions.Expect(page.Locator("#key-list ~ p").First).ToHaveTextAsync($"現在の鍵: バージョン {current}。鍵の中身は表示されません。");
        await ConsoleScreenshots.SaveAsync(page, "admin-keys", "ja-JP");
    }

    private async Task<JsonElement> SettingsAsync(TenantScript tenant) =>
        (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/settings/audit", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
}
