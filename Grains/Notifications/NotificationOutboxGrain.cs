using System.Collections.Immutable;
using Kagi.Diagnostics;
using Kagi.Domain.Notifications;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Security;
using Kagi.Vault;
using Microsoft.Extensions.Logging;

namespace Kagi.Notifications;

/// <summary>
/// Enqueue: resolve recipients (directory) → render per locale (templates) → store one delivery
/// per address and per matching webhook (a security event only on the channels the admins chose) as rows of <see cref="OutboxStore"/> → arm the timer and the
/// resume reminder → return. Sending runs on a grain timer that may interleave with calls, so a hung
/// relay never delays an enqueue; it reads only what is due, in due order, a batch at a time. An enqueue
/// only adds rows and the one sending loop only changes the rows of the delivery it just tried, so the
/// two never write the same row. Retries follow <see cref="DeliveryRetry"/>. Times come from
/// <see cref="AuditClock"/>, which tests move without moving Orleans' own timers. A security event or an
/// announcement sent to the admins also leaves each of them an in-app notice (<see cref="AdminNotices"/>). The grain state is only
/// the shape of earlier versions, moved to rows on activation (NotificationOutboxGrain.Migration.cs).
/// Enqueues interleave with each other and with everything else: they only add rows of their own, so what they share
/// is in memory, changed between awaits only, and two guards: the resume reminder's registration and removal take
/// turns (<see cref="_reminderTurn"/>), and one prune runs at a time.
/// </summary>
public sealed partial class NotificationOutboxGrain(
    [PersistentState("notificationOutbox", KagiStorage.GrainState)] IPersistentState<NotificationOutboxState> state,
    OutboxStore store,
    OutboxLimits limits,
    IMailRelay mail,
    MailSettings siloRelay,
    PlaintextRelays plaintextRelays,
    WebhookSender webhooks,
    Kagi.Egress.EgressGates egress,
    TenantVault vault,
    AuditClock clock,
    ILogger<NotificationOutboxGrain> logger) : Grain, INotificationOutboxGrain, IRemindable, IDisposable
{
    public const string ResumeReminder = "notification-outbox";
    public const string NoRelay = "no mail relay configured";

    /// <summary>How often aged-out deliveries are looked for (and always once per activation).</summary>
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    /// <summary>Checking that nothing is pending and removing the reminder is one step, and so is registering it after an
    /// enqueue stored its rows: interleaved, a removal could otherwise follow an enqueue that found it registered.</summary>
    private readonly SemaphoreSlim _reminderTurn = new(1, 1);

    private IGrainTimer? _timer;
    private bool _pruning;
    private Task<int> _running = Task.FromResult(0);
    private bool _reminderRegistered;
    private DateTimeOffset? _prunedAt;
    private int _aims;

    private string TenantId => this.GetPrimaryKeyString();

    private Caller Kagi => Caller.System(TenantId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync();
        await ArmAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public void Dispose() => _reminderTurn.Dispose();

    public async Task<string> EnqueueAsync(Caller caller, NotificationRequest notification)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(notification);
        NotificationTemplates.EnsureKnown(notification.Event);
        var parameters = notification.Parameters ?? ImmutableDictionary<string, string>.Empty;
        var directory = await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).GetDirectorySnapshotAsync(Kagi);
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
        var (byMail, byWebhook) = SecurityEventChoices.Channels(channels.SecurityEvents, notification.Event);
        foreach (var recipient in byMail ? emails : [])
        {
            var message = NotificationTemplates.Render(notification.Event, recipient.Locale, parameters);
            var delivery = New(NotificationDelivery.Email, recipient.Address) with { Subject = message.Subject, Body = message.Body };
            deliveries.Add(hasRelay ? delivery : DeliveryRetry.Undeliverable(delivery, now, NoRelay));
        }

        deliveries.AddRange((byMail ? skipped : []).Select(s => DeliveryRetry.Undeliverable(New(NotificationDelivery.Email, "user:" + s.Username), now, s.Reason)));
        foreach (var webhook in channels.Webhooks.Where(w => byWebhook && NotificationSettingsRules.Wants(w.Events, notification.Event)))
        {
            var delivery = New(NotificationDelivery.Webhook, webhook.Id);
            deliveries.Add(delivery with { Payload = WebhookPayload.Create(delivery.Id, notification.Event, TenantId, now, notification.RequestId, parameters) });
        }

        await store.AddAsync(TenantId, deliveries);
        foreach (var undeliverable in deliveries.Where(d => d.Status == DeliveryStatus.Failed))
        {
            KagiMetrics.Delivery(undeliverable.Channel, DeliveryStatus.Failed);
        }

        if (deliveries.Any(d => d.Status == DeliveryStatus.Pending))
        {
            await EnsureReminderAsync();
            Arm(now);
        }

        if (notification.ToAdmins)
        {
            foreach (var (admin, notice) in AdminNotices.For(notification.Event, directory.Entries, parameters, now))
            {
                await GrainFactory.GetGrain<IUserNoticeBoxGrain>(GrainKeys.For(TenantId, admin)).AddAsync(Kagi, notice);
            }
        }

        LogEnqueued(notification.Event, notificationId, deliveries.Count);
        await PruneAsync();
        return notificationId;
    }

    public async Task<NotificationPage> ListAsync(Caller caller, string? status, string? continuation, int limit)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);

        if (status is not null && !DeliveryStatus.IsKnown(status))
        {
            throw new KagiException(ProblemCode.Invalid, "status must be pending, sent or failed.");
        }

        if (continuation is not null && !OutboxRows.IsPosition(continuation))
        {
            throw new KagiException(ProblemCode.Invalid, "continuation must be a value returned by an earlier page.");
        }

        var size = Math.Clamp(limit, 1, NotificationPage.MaximumSize);
        var found = await store.ListAsync(TenantId, status, continuation, size + 1);
        var page = found.Take(size).ToList();
        return new NotificationPage([.. page.Select(d => d.ToInfo())], found.Count > size ? OutboxRows.Position(page[^1]) : null);
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
        // Only here, never on the interleaving timer. An enqueue stores its rows before it takes its turn at the
        // reminder, so either this check sees them or that enqueue registers the reminder again after the removal.
        await _reminderTurn.WaitAsync();
        try
        {
            if (await store.NextWakeAsync(TenantId) is null && await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
                _reminderRegistered = false;
            }
        }
        finally
        {
            _reminderTurn.Release();
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

    /// <summary>Tries every due delivery, reading the queue a batch at a time: each try moves its delivery out
    /// of what is due (sent, failed, or waiting for a later attempt), so the loop ends when nothing is due.</summary>
    private async Task<int> SendDueAsync()
    {
        var attempted = 0;
        NotificationSettingsState? channels = null;
        while (await store.DueAsync(TenantId, clock.Now, limits.DueBatch) is { Count: > 0 } due)
        {
            channels ??= await GrainFactory.GetGrain<INotificationChannelsGrain>(TenantId).GetSealedAsync(Kagi);
            foreach (var next in due)
            {
                var outcome = await AttemptAsync(next, channels);
                var now = clock.Now;
                var after = outcome switch
                {
                    { Error: null } => DeliveryRetry.Succeeded(next, now),
                    { GiveUp: true } => DeliveryRetry.Undeliverable(next with { Attempts = next.Attempts + 1 }, now, outcome.Error),
                    _ => DeliveryRetry.Failed(next, now, outcome.Error),
                };
                if (outcome.Error is not null)
                {
                    LogFailed(next.Channel, next.Id, outcome.Error);
                }

                await store.ReplaceAsync(TenantId, next, after);
                KagiMetrics.Delivery(next.Channel, after.Status == DeliveryStatus.Pending ? "retrying" : after.Status);
                attempted++;
            }
        }

        await PruneAsync();
        await ArmAsync();
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

    /// <summary>Removes the deliveries that aged out (<see cref="OutboxRules"/>), and the rows only earlier versions
    /// wrote, at most once an hour and a bounded number at a time; what is left is taken on the next pass.
    /// Housekeeping only: a failure is logged and never fails the call it rides on.</summary>
    private async Task PruneAsync()
    {
        var now = clock.Now;
        if (_pruning || (_prunedAt is { } last && now - last < PruneEvery && now >= last))
        {
            return;
        }

        _pruning = true;
        try
        {
            var more = false;
            foreach (var status in (string[])[DeliveryStatus.Sent, DeliveryStatus.Failed])
            {
                more |= await store.RemoveFinishedAsync(TenantId, status, OutboxRules.KeepFinishedSince(status, now), limits.PruneBatch) == limits.PruneBatch;
            }

            if (!state.State.LegacyRowsRemoved)
            {
                if (await store.RemoveLegacyRowsAsync(TenantId, limits.PruneBatch) < limits.PruneBatch)
                {
                    state.State = state.State with { LegacyRowsRemoved = true };
                    await state.WriteStateAsync();
                }
                else
                {
                    more = true;
                }
            }

            // A full pass may have left more behind: look again next time rather than in an hour.
            _prunedAt = more ? null : now;
        }
        catch (Azure.RequestFailedException e)
        {
            LogPruneFailed(e.Status, e.ErrorCode);
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation wrote the flag first (it moved silos): this one's state is stale, so it goes.
            DeactivateOnIdle();
        }
        finally
        {
            _pruning = false;
        }
    }

    /// <summary>Points the timer at the earliest pending attempt in the queue (or stops it when none is pending).</summary>
    private async Task ArmAsync()
    {
        var aims = _aims;
        var next = await store.NextWakeAsync(TenantId);
        if (aims != _aims)
        {
            // An enqueue aimed the timer at its new deliveries while the queue was read: that aim is
            // no later than anything read here, and the run it starts aims again.
            return;
        }

        if (next is not { } at)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        Arm(at);
    }

    /// <summary>Points the timer at <paramref name="at"/>.</summary>
    private void Arm(DateTimeOffset at)
    {
        _aims++;
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
        await _reminderTurn.WaitAsync();
        try
        {
            if (!_reminderRegistered)
            {
                await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
                _reminderRegistered = true;
            }
        }
        finally
        {
            _reminderTurn.Release();
        }
    }

    private readonly record struct AttemptOutcome(string? Error, bool GiveUp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Event} {NotificationId}: {Count} deliveries stored")]
    private partial void LogEnqueued(string @event, string notificationId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Channel} {DeliveryId} failed: {Error}")]
    private partial void LogFailed(string channel, string deliveryId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing aged-out notification deliveries failed: storage answered {Status} {ErrorCode}")]
    private partial void LogPruneFailed(int status, string? errorCode);
}
