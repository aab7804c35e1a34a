using System.Net;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Playwright;
using MimeKit;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>
/// The notification settings and data key pages in English, against the real processes: the relay and
/// a webhook set in the page carry the page's test to a real SMTP server and a signature-checking
/// receiver, and the page says each arrived; "rotate now" raises the key version the API reports.
/// </summary>
[Collection(ConsoleSettingsGroup.Name)]
public sealed class ConsoleNotificationSettingsTests(KagiDeployment kagi, ConsoleBrowser browser)
{
    private const string WebhookSecret = "console-webhook-secret-7d2e1b";

    [Fact]
    public async Task An_admin_sets_the_relay_and_a_webhook_sends_a_test_that_arrives_and_rotates_the_data_key()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var receiver = WebhookReceiver.Start(WebhookSecret, () => DateTimeOffset.UtcNow);
        var api = kagi.Api;
        var tenant = await TenantScript.OpenAsync(api);
        (await api.SendAsync(HttpMethod.Put, $"/api/t/{tenant.Id}/users/alice/profile", new { email = "alice@acme.test", locale = "en" }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        await using var context = await browser.NewContextAsync(api.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await ConsoleAdmin.SignInAsync(page, tenant.Id, "alice", TenantScript.AdminPassword);

        await page.GotoAsync($"/t/{tenant.Id}/admin/settings/notifications");
        await page.Locator("#smtp-host").FillAsync("127.0.0.1");
        await page.Locator("#smtp-port").FillAsync(sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#smtp-security").SelectOptionAsync("none");
        await page.Locator("#smtp-insecure").CheckAsync();
        await page.Locator("#smtp-from").FillAsync("kagi@acme.test");
        await page.Locator("#smtp-from").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");

        // A secret too short is refused by field, in words, and nothing is stored (nor the typed secret shown again).
        await page.Locator("#hook-id").FillAsync("soc");
        await page.Locator("#hook-url").FillAsync(receiver.Url);
        await page.Locator("#hook-secret").FillAsync("short");
        await page.Locator("#event-notification-test").CheckAsync();
        await page.Locator("#hook-id").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Some fields are not valid. Check them and try again.");
        Assert.Equal(["Signing secret"], await page.Locator(".field-problems li").AllInnerTextsAsync());
        Assert.Equal("", await page.Locator("#hook-secret").InputValueAsync());
        var refused = (await api.GetAsync($"/api/t/{tenant.Id}/settings/notifications", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, refused.Json.GetProperty("webhooks").GetArrayLength());

        await page.Locator("#hook-secret").FillAsync(WebhookSecret);
        await page.Locator("#hook-id").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        var saved = (await api.GetAsync($"/api/t/{tenant.Id}/settings/notifications", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("127.0.0.1", sink.Port, "none"), (saved.GetProperty("smtp").GetProperty("host").GetString(), saved.GetProperty("smtp").GetProperty("port").GetInt32(),
            saved.GetProperty("smtp").GetProperty("security").GetString()));
        var hook = Assert.Single(saved.GetProperty("webhooks").EnumerateArray());
        Assert.Equal(("soc", receiver.Url, true), (hook.GetProperty("id").GetString(), hook.GetProperty("url").GetString(), hook.GetProperty("secretSet").GetBoolean()));
        Assert.Equal(["notification.test"], hook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notify-test ~ div[role=status] p")).ToHaveTextAsync("Test sent: 2 delivered, 0 failed, 0 still trying.", new() { Timeout = 20_000 });
        Assert.Equal(["Mail alice@acme.test Delivered", "Webhook soc Delivered"],
            (await page.Locator("#notify-test ~ div[role=status] tbody tr").AllInnerTextsAsync()).Select(row => string.Join(' ', row.Split('\t', StringSplitOptions.TrimEntries))));
        var mail = await MimeMessage.LoadAsync(Assert.Single(sink.Messages));
        Assert.Equal("alice@acme.test", mail.To.Mailboxes.Single().Address);
        var call = Assert.Single(receiver.Requests);
        Assert.True(call.Verified, "the receiver verified the webhook's signature");
        Assert.Equal("notification.test", call.Event);

        // Rotation: only with the box ticked, and the API's key version goes up by one.
        var before = (await api.GetAsync($"/api/t/{tenant.Id}/keys", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("currentKeyId").GetInt32();
        await page.GotoAsync($"/t/{tenant.Id}/admin/keys");
        await page.Locator("#rotate-confirm").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate the data key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(
            $"Rotated: key version {before + 1} is now current. The secrets are re-sealed with it in the background.");
        var keys = (await api.GetAsync($"/api/t/{tenant.Id}/keys", tenant.Admin)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(before + 1, keys.GetProperty("currentKeyId").GetInt32());
        Assert.Equal(keys.GetProperty("keys").GetArrayLength(), await page.Locator("#key-list ~ table tbody tr").CountAsync());
        await ConsoleScreenshots.SaveAsync(page, "admin-keys", "en-US");
    }
}
