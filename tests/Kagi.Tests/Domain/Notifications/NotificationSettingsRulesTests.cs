using Kagi.Domain.Notifications;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class NotificationSettingsRulesTests
{
    private static readonly SmtpSettings Relay = new("smtp.acme.test", 587, SmtpSettings.StartTls, false, "kagi@acme.test", "kagi", "relay-password");
    private static readonly WebhookSettings Hook = new("soc", "https://soc.acme.test/kagi", "0123456789abcdef", []);

    private static string? Problem(SmtpSettings? smtp, params WebhookSettings[] hooks) =>
        NotificationSettingsRules.Problem(new NotificationSettings(smtp, [.. hooks]), id => id == "kept", hasStoredPassword: false);

    [Fact]
    public void Starttls_and_tls_relays_and_signed_https_webhooks_are_accepted()
    {
        Assert.Null(Problem(Relay, Hook));
        Assert.Null(Problem(Relay with { Security = SmtpSettings.Tls, Port = 465 }));
        Assert.Null(Problem(null, Hook with { Url = "http://127.0.0.1:9000/hook", Events = ["request.emergency"] }));
        Assert.Null(Problem(null, Hook with { Id = "kept", Secret = null }));
    }

    [Fact]
    public void Plain_smtp_is_refused_unless_explicitly_allowed_for_a_local_relay()
    {
        Assert.Contains("allowInsecureLocalRelay", Problem(Relay with { Security = SmtpSettings.None }), StringComparison.Ordinal);
        Assert.Null(Problem(Relay with { Security = SmtpSettings.None, AllowInsecureLocalRelay = true }));
        Assert.NotNull(Problem(Relay with { Security = "ssl" }));
    }

    [Fact]
    public void Bad_relays_and_webhooks_are_refused()
    {
        Assert.NotNull(Problem(Relay with { Host = " " }));
        Assert.NotNull(Problem(Relay with { Port = 0 }));
        Assert.NotNull(Problem(Relay with { From = "not an address" }));
        Assert.NotNull(Problem(Relay with { Password = null }));
        Assert.NotNull(Problem(Relay with { Username = null }));
        Assert.NotNull(Problem(null, Hook with { Url = "ftp://soc.acme.test/" }));
        Assert.NotNull(Problem(null, Hook with { Url = "https://user:pw@soc.acme.test/" }));
        Assert.Contains("at least 16", Problem(null, Hook with { Secret = "short-secret" }), StringComparison.Ordinal);
        Assert.NotNull(Problem(null, Hook with { Secret = null }));
        Assert.NotNull(Problem(null, Hook with { Events = ["request.exploded"] }));
        Assert.NotNull(Problem(null, Hook, Hook));
        Assert.NotNull(Problem(null, Hook with { Id = "a/b" }));
    }

    [Fact]
    public void A_webhook_gets_its_events_or_all_when_it_names_none_and_always_the_test()
    {
        Assert.True(NotificationSettingsRules.Wants([], NotificationEvents.RequestApproved));
        Assert.True(NotificationSettingsRules.Wants([NotificationEvents.RequestEmergency], NotificationEvents.RequestEmergency));
        Assert.False(NotificationSettingsRules.Wants([NotificationEvents.RequestEmergency], NotificationEvents.RequestApproved));
        Assert.True(NotificationSettingsRules.Wants([NotificationEvents.RequestEmergency], NotificationEvents.Test));
    }
}
