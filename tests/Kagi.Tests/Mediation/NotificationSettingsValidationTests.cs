using System.Collections.Immutable;
using Kagi.Frontend.Features.Notifications;
using Kagi.Frontend.Mediation;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>Notification settings refused before the grain, each problem under the field it is about (the console names them).</summary>
public sealed class NotificationSettingsValidationTests
{
    private static readonly SmtpSettings Relay = new("smtp.acme.test", 587, SmtpSettings.StartTls, false, "kagi@acme.test", null, null);

    private static readonly WebhookSettings Hook = new("soc", "https://hooks.acme.test/kagi", "a-secret-of-24-characters", []);

    private static string[] Fields(SmtpSettings? smtp, params WebhookSettings[] webhooks)
    {
        var errors = new ValidationErrors();
        new UpdateNotificationSettings.Validator().Validate(new UpdateNotificationSettings.Command("acme", new NotificationSettings(smtp, [.. webhooks])), errors);
        return [.. errors.ToDictionary().Keys.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Good_settings_and_no_settings_pass() => Assert.Equal((0, 0), (Fields(Relay, Hook).Length, Fields(null).Length));

    [Fact]
    public void Each_smtp_problem_is_named_by_its_field()
    {
        Assert.Equal(["smtp.from", "smtp.host", "smtp.port"], Fields(Relay with { Host = " ", Port = 0, From = "not-mail" }));
        Assert.Equal(["smtp.security"], Fields(Relay with { Security = SmtpSettings.None }));
        Assert.Empty(Fields(Relay with { Security = SmtpSettings.None, AllowInsecureLocalRelay = true }));
    }

    [Fact]
    public void Each_webhook_problem_is_named_by_its_field()
    {
        Assert.Equal(["webhooks.secret"], Fields(null, Hook with { Secret = "short" }));
        Assert.Equal(["webhooks.url"], Fields(null, Hook with { Url = "https://user:pw@hooks.acme.test/" }));
        Assert.Equal(["webhooks.events"], Fields(null, Hook with { Events = ImmutableArray.Create("request.unknown") }));
        Assert.Equal(["webhooks.id"], Fields(null, Hook with { Id = "a/b" }));
        Assert.Equal(["webhooks"], Fields(null, Hook, Hook));
        Assert.Empty(Fields(null, Hook with { Secret = null })); // keeping the stored secret is for the grain to judge
    }
}
