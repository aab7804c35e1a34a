using System.Collections.Immutable;
using Kagi.Domain.Notifications;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Security;
using Kagi.Vault;
using Microsoft.Extensions.Logging;

namespace Kagi.Notifications;

/// <summary>
/// Enqueue: resolve recipients (directory) → render per locale (templates) → persist one delivery
/// per address and per matching webhook → arm the timer and the resume reminder → return. Sending
/// runs on a grain timer that may interleave with calls, so a hung relay never delays an enqueue;
/// writes of state are chained one after another (<see cref="WriteAsync"/>), and mutations happen between
/// awaits on the grain's own scheduler. Retries follow <see cref="DeliveryRetry"/>. Times come from
/// <see cref="AuditClock"/>, which tests move without moving Orleans' own timers.
/// </summary>
public sealed partial class NotificationOutboxGrain(
    [PersistentState("notificationOutbox", KagiStorage.GrainState)] IPersistentState<NotificationOutboxState> state,
    IMailRelay mail,
    MailSettings siloRelay,
    PlaintextRelays plaintextRelays,
    WebhookSender webhooks,
    Kagi.Egress.EgressGates egress,
    TenantVault vault,
    AuditClock clock,
    ILogger<NotificationOutboxGrain> logger) : Grain, INotificationOutboxGrain, IRemindable
{
    public const string ResumeReminder = "notification-outbox";
    public const string NoRelay = "no mail relay configured";

    private Task _lastWrite = Task.CompletedTask;
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private Task<int> _running = Task.FromResult(0);
    private bool _reminderRegistered;

    private string TenantId => this.GetPrimaryKeyString();

    private Caller Kagi => Caller.System(TenantId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Arm();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<string> EnqueueAsync(Caller caller, NotificationRequest notification)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(notification);
        NotificationTemplates.EnsureKnown(notification.Event);
        var parameters = notification.Parameters ?? ImmutableDictionary<string, string>.Empty;
        var directory = await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).GetDirectoryAsync(Kagi);
        var channels = await GrainFactory.GetGrain<INotificationChannelsGrain>(TenantId).GetSealedAsync(Kagi);
        var (emails, skipped) = NotificationRecipients.Resolve(directory, notification.Usernames.IsDefault ? [] : notification.Usernames, notification.ToAdmins);

        var now = clock.Now;
        var notificationId = Guid.NewGuid().ToString("N");
        OutboxDelivery New(string channel, string recipient) => new()
        {
            Id = Guid.NewGuid().ToString("N"), NotificationId = notificationId, Event = notification.Event, Channel = channel, Recipient = recipient,
            RequestId = notification.RequestId, CreatedAt = now, NextAttemptAt = now,
        };

        var deliveries = new List<OutboxDelivery>();
        var hasRelay = channels.Smtp is not null || siloRelay.Configured;
        foreach (var recipient in emails)
        {
            var message = NotificationTemplates.Render(notification.Event, recipient.Locale, parameters);
            var delivery = New(NotificationDelivery.Email, recipient.Address) with { Subject = message.Subject, Body = message.Body };
            deliveries.Add(hasRelay ? delivery : DeliveryRetry.Undeliverable(delivery, now, NoRelay));
        }

        deliveries.AddRange(skipped.Select(s => DeliveryRetry.Undeliverable(New(NotificationDelivery.Email, "user:" + s.Username), now, s.Reason)));
        foreach (var webhook in channels.Webhooks.Where(w => NotificationSettingsRules.Wants(w.Events, notification.Event)))
        {
            var delivery = New(NotificationDelivery.Webhook, webhook.Id);
            deliveries.Add(delivery with { Payload = WebhookPayload.Create(delivery.Id, notification.Event, TenantId, now, notification.RequestId, parameters) });
        }

        state.State = state.State with { Deliveries = OutboxRules.Prune(state.State.Deliveries.AddRange(deliveries), now) };
        await WriteAsync();
        if (deliveries.Any(d => d.Status == DeliveryStatus.Pending))
        {
            await EnsureReminderAsync();
            Arm();
        }

        LogEnqueued(notification.Event, notificationId, deliveries.Count);
        return notificationId;
    }

    public Task<ImmutableArray<NotificationDelivery>> ListAsync(Caller caller, string? status)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);

        if (status is not null && !DeliveryStatus.IsKnown(status))
        {
            throw new KagiException(ProblemCode.Invalid, "status must be pending, sent or failed.");
        }

        return Task.FromResult(state.State.Deliveries
            .Where(d => status is null || d.Status == status)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => d.ToInfo())
            .ToImmutableArray());
    }

    public Task<int> DeliverDueAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        return DeliverAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderRegistered = true;
        await DeliverAsync();
        // Only here, never on the interleaving timer: an enqueue cannot run between this check and the removal.
        if (OutboxRules.NextWake(state.State.Deliveries) is null && await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    /// <summary>One sending loop at a time; a caller arriving while one runs waits for it, then runs again.</summary>
    private async Task<int> DeliverAsync()
    {
        while (!_running.IsCompleted)
        {
            await _running;
        }

        _running = SendDueAsync();
        return await _running;
    }

    private async Task<int> SendDueAsync()
    {
        var attempted = 0;
        NotificationSettingsState? channels = null;
        while (OutboxRules.Due(state.State.Deliveries, clock.Now).FirstOrDefault(d => !_inFlight.Contains(d.Id)) is { } next)
        {
            channels ??= await GrainFactory.GetGrain<INotificationChannelsGrain>(TenantId).GetSealedAsync(Kagi);
            _inFlight.Add(next.Id);
            try
            {
                var outcome = await AttemptAsync(next, channels);
                var now = clock.Now;
                Replace(next.Id, current => outcome switch
                {
                    { Error: null } => DeliveryRetry.Succeeded(current, now),
                    { GiveUp: true } => DeliveryRetry.Undeliverable(current with { Attempts = current.Attempts + 1 }, now, outcome.Error),
                    _ => DeliveryRetry.Failed(current, now, outcome.Error),
                });
                if (outcome.Error is not null)
                {
                    LogFailed(next.Channel, next.Id, outcome.Error);
                }

                await WriteAsync();
            }
            finally
            {
                _inFlight.Remove(next.Id);
            }

            attempted++;
        }

        Arm();
        return attempted;
    }

    private async Task<AttemptOutcome> AttemptAsync(OutboxDelivery delivery, NotificationSettingsState channels)
    {
        try
        {
            if (delivery.Channel == NotificationDelivery.Email)
            {
                if (await RelayAsync(channels.Smtp) is not { } relay)
                {
                    return new AttemptOutcome(NoRelay, GiveUp: true);
                }

                // The tenant's own relay is the tenant's choice and goes through its egress gate; the silo's is the operator's.
                var gate = channels.Smtp is null ? null : egress.For(TenantId);
                await mail.SendAsync(relay, new MailMessageSpec([delivery.Recipient], delivery.Subject ?? "", delivery.Body ?? "", []), gate, CancellationToken.None);
                return new AttemptOutcome(null, GiveUp: false);
            }

            if (channels.Webhooks.FirstOrDefault(w => w.Id == delivery.Recipient) is not { } webhook)
            {
                return new AttemptOutcome("the webhook was removed from the settings", GiveUp: true);
            }

            var secret = await vault.OpenAsync(webhook.SealedSecret, NotificationSecrets.WebhookSecret(TenantId, webhook.Id));
            return new AttemptOutcome(await webhooks.SendAsync(TenantId, webhook.Url, secret, delivery.Event, delivery.Id, delivery.Payload ?? "{}", clock.Now, CancellationToken.None), GiveUp: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new AttemptOutcome(delivery.Channel == NotificationDelivery.Email ? MailFailure.Describe(e) : "could not send: " + e.GetType().Name, GiveUp: false);
        }
    }

    /// <summary>The tenant's relay (its password opened only now, for this connection), else the silo's, else none.</summary>
    private async Task<MailSettings?> RelayAsync(SmtpState? smtp)
    {
        if (smtp is null)
        {
            return siloRelay.Configured ? siloRelay : null;
        }

        // Checked again at each send: the operator may have withdrawn the relay since the settings were saved.
        if (smtp.Security == SmtpSettings.None && !plaintextRelays.Allows(smtp.Host))
        {
            throw new PlainSmtpRefusedException();
        }

        var password = smtp.SealedPassword is { } sealedPassword ? await vault.OpenAsync(sealedPassword, NotificationSecrets.SmtpPassword(TenantId)) : null;
        return new MailSettings(smtp.Host, smtp.Port, smtp.Security, smtp.From, smtp.Username, password);
    }

    private void Replace(string id, Func<OutboxDelivery, OutboxDelivery> change)
    {
        var deliveries = state.State.Deliveries;
        var index = deliveries.FindIndex(d => d.Id == id);
        if (index >= 0)
        {
            state.State = state.State with { Deliveries = OutboxRules.Prune(deliveries.SetItem(index, change(deliveries[index])), clock.Now) };
        }
    }

    /// <summary>Points the timer at the earliest pending attempt (or stops it when none is pending).</summary>
    private void Arm()
    {
        if (OutboxRules.NextWake(state.State.Deliveries) is not { } at)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var due = at - clock.Now;
        due = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(_ => DeliverAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderRegistered = true;
        }
    }

    /// <summary>Writes the current state after any write still in flight: two overlapping writes
    /// would conflict on the ETag. Each write stores whatever the state is when it starts.</summary>
    private Task WriteAsync()
    {
        var previous = _lastWrite;
        var write = WriteAfterAsync(previous);
        _lastWrite = write;
        return write;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        await previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
        await state.WriteStateAsync();
    }

    private readonly record struct AttemptOutcome(string? Error, bool GiveUp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Event} {NotificationId}: {Count} deliveries stored")]
    private partial void LogEnqueued(string @event, string notificationId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Channel} {DeliveryId} failed: {Error}")]
    private partial void LogFailed(string channel, string deliveryId, string error);
}
