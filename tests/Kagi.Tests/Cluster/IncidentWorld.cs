using System.Diagnostics;
using Kagi.Identity;
using Kagi.Notifications;
using Kagi.Tests.Infrastructure;
using MimeKit;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A tenant with two admins who read mail in different languages (akira: Japanese, alice: English), a webhook
/// receiver that checks signatures, and the real SMTP server the tenant's mail reaches. <see cref="ToldAsync"/>
/// waits for one event to reach both mailboxes and the receiver, and fails if that took a minute or more.
/// </summary>
public sealed class IncidentWorld : IAsyncDisposable
{
    public const string WebhookSecret = "incident-hook-secret-01";
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private IncidentWorld(SignInWorld world, SmtpSink mail, WebhookReceiver receiver)
    {
        World = world;
        Mail = mail;
        Receiver = receiver;
    }

    public SignInWorld World { get; }

    public SmtpSink Mail { get; }

    public WebhookReceiver Receiver { get; }

    public string TenantId => World.TenantId;

    public string Akira => $"akira@{TenantId}.test";

    public string Alice => $"alice@{TenantId}.test";

    /// <summary>A tenant whose channels are the silo's relay <paramref name="mail"/> (or, with <paramref name="ownRelay"/>, the tenant's own relay to it) and a webhook.</summary>
    public static async Task<IncidentWorld> CreateAsync(IGrainFactory grains, SmtpSink mail, Func<DateTimeOffset> clock, bool ownRelay = false)
    {
        var world = await SignInWorld.CreateAsync(grains);
        var system = Caller.System(world.TenantId);
        await world.User("akira").CreateAsync(system, new NewUser(SignInWorld.Password, [KagiRoles.Admin]) { Email = $"akira@{world.TenantId}.test", Locale = UserLocales.Japanese });
        await world.User("alice").CreateAsync(system, new NewUser(SignInWorld.Password, [KagiRoles.Admin]) { Email = $"alice@{world.TenantId}.test", Locale = UserLocales.English });
        var receiver = WebhookReceiver.Start(WebhookSecret, clock);
        var smtp = ownRelay ? new SmtpSettings("127.0.0.1", mail.Port, SmtpSettings.None, true, "kagi@acme.test", null, null) : null;
        await grains.GetGrain<INotificationSettingsGrain>(world.TenantId).SetAsync(world.Admin, new NotificationSettings(smtp, [new WebhookSettings("soc", receiver.Url, WebhookSecret, [])]));
        return new IncidentWorld(world, mail, receiver);
    }

    /// <summary>Waits for <paramref name="eventName"/> to reach the receiver (signed) and both admins' mailboxes,
    /// each within a minute of <paramref name="since"/>; answers the Japanese and the English mail.</summary>
    public Task<(MimeMessage Japanese, MimeMessage English, WebhookReceiver.Received Webhook)> ToldAsync(string eventName, Stopwatch since)
    {
        ArgumentNullException.ThrowIfNull(since);
        return ToldAsync(eventName, () => since.Elapsed);
    }

    /// <summary>The same, timed from <paramref name="since"/> on the real clock: for an event the silo found itself
    /// (a heartbeat's drift), whose moment the test learns only afterwards.</summary>
    public Task<(MimeMessage Japanese, MimeMessage English, WebhookReceiver.Received Webhook)> ToldAsync(string eventName, DateTimeOffset since) =>
        ToldAsync(eventName, () => DateTimeOffset.UtcNow - since);

    private async Task<(MimeMessage Japanese, MimeMessage English, WebhookReceiver.Received Webhook)> ToldAsync(string eventName, Func<TimeSpan> elapsed)
    {
        var webhook = (await Eventually.Async(() => Task.FromResult(Receiver.Requests), r => r.Any(x => x.Event == eventName), Minute)).First(x => x.Event == eventName);
        var japanese = await MailToAsync(Akira, eventName);
        var english = await MailToAsync(Alice, eventName);
        Assert.True(elapsed() < Minute, $"{eventName} took {elapsed()} to reach mail and webhook.");
        Assert.True(webhook.Verified);
        return (japanese, english, webhook);
    }

    /// <summary>The newest mail to <paramref name="address"/>, once the outbox says the event's mail to it was sent
    /// (each world's addresses are its own, and a test tells one event per world).</summary>
    private async Task<MimeMessage> MailToAsync(string address, string eventName)
    {
        var outbox = World.Grains.GetGrain<INotificationOutboxGrain>(TenantId);
        await Eventually.Async(() => outbox.ListAllAsync(World.Admin, NotificationDelivery.Sent),
            sent => sent.Any(d => d.Event == eventName && d.Recipient == address), Minute);
        var messages = await Task.WhenAll(Mail.Messages.Select(async file => await MimeMessage.LoadAsync(file)));
        return messages.Last(m => m.To.Mailboxes.Any(to => to.Address == address));
    }

    /// <summary>The in-app notices of <paramref name="username"/> (an admin).</summary>
    public Task<System.Collections.Immutable.ImmutableArray<UserNotice>> NoticesAsync(string username) =>
        World.User(username).GetNoticesAsync(World.As(username, KagiRoles.Admin));

    public async ValueTask DisposeAsync() => await Receiver.DisposeAsync();
}
