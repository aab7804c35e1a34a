using Kagi.Domain.Notifications;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class NotificationSettingsRulesTests
{
    private static readonly SmtpSettings Relay = new("smtp.acme.test", 587, SmtpSettings.StartTls, false, "kagi@acme.test", "kagi", "relay-password");
    private static readonly WebhookSettings Hook = new("soc", "https://soc.acme.test/kagi", "0123456789abcdef", []);

    private static readonly NotificationSettingsView StoredHookOnly = new(null, [new WebhookView("kept", "https://soc.acme.test/kept", [], SecretSet: true)]);

    // What an admin stored before: the relay with its password and the webhook "soc" with its secret.
    private static readonly NotificationSettingsView StoredRelay = new(
        new SmtpView(Relay.Host, Relay.Port, Relay.Security, false, Relay.From, Relay.Username, PasswordSet: true),
        [new WebhookView(Hook.Id, Hook.Url, [], SecretSet: true)]);

    private static string? Problem(SmtpSettings? smtp, params WebhookSettings[] hooks) =>
        NotificationSettingsRules.Problem(new NotificationSettings(smtp, [.. hooks]), StoredHookOnly);

    private static string? ProblemAfterStoredRelay(SmtpSettings? smtp, params WebhookSettings[] hooks) =>
        NotificationSettingsRules.Problem(new NotificationSettings(smtp, [.. hooks]), StoredRelay);

    [Fact]
    public void Starttls_and_tls_relays_and_signed_https_webhooks_are_accepted()
    {
        Assert.Null(Problem(Relay, Hook));
        Assert.Null(Problem(Relay with { Security = SmtpSettings.Tls, Port = 465 }));
        Assert.Null(Problem(null, Hook with { Url = "http://127.0.0.1:9000/hook", Events = ["request.emergency"] }));
        Assert.Null(Problem(null, Hook with { Id = "kept", Url = "https://soc.acme.test/kept", Secret = null }));
    }

    [Fact]
    public void The_stored_smtp_password_is_kept_only_for_the_same_host_port_security_and_username()
    {
        var unchanged = Relay with { Password = null, From = "alerts@acme.test", Host = "SMTP.acme.test" };

        Assert.Null(ProblemAfterStoredRelay(unchanged));
        Assert.True(NotificationSettingsRules.KeepsStoredPassword(unchanged, StoredRelay.Smtp));
        foreach (var moved in new[]
        {
            unchanged with { Host = "mail.evil.test" },
            unchanged with { Port = 2525 },
            unchanged with { Security = SmtpSettings.None, AllowInsecureLocalRelay = true },
            unchanged with { Username = "someone-else" },
        })
        {
            Assert.Contains("smtp.password must be given again", ProblemAfterStoredRelay(moved), StringComparison.Ordinal);
            Assert.False(NotificationSettingsRules.KeepsStoredPassword(moved, StoredRelay.Smtp));
            Assert.Null(ProblemAfterStoredRelay(moved with { Password = "a-new-relay-password" }));
        }

        Assert.False(NotificationSettingsRules.KeepsStoredPassword(unchanged, null));
        Assert.False(NotificationSettingsRules.KeepsStoredPassword(unchanged with { Password = "given-again" }, StoredRelay.Smtp));
    }

    [Fact]
    public void A_stored_webhook_secret_is_kept_only_for_the_same_url()
    {
        var unchanged = Hook with { Secret = null };
        var moved = unchanged with { Url = "https://collector.evil.test/kagi" };

        Assert.Null(ProblemAfterStoredRelay(null, unchanged));
        Assert.True(NotificationSettingsRules.KeepsStoredSecret(unchanged, StoredRelay));
        Assert.Contains("secret must be given again", ProblemAfterStoredRelay(null, moved), StringComparison.Ordinal);
        Assert.False(NotificationSettingsRules.KeepsStoredSecret(moved, StoredRelay));
        Assert.Null(ProblemAfterStoredRelay(null, moved with { Secret = "a-brand-new-secret-0001" }));
        Assert.False(NotificationSettingsRules.KeepsStoredSecret(unchanged with { Id = "other" }, StoredRelay));
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
