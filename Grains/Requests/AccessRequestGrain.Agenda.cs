using System.Collections.Immutable;
using System.Globalization;
using Kagi.Audit;
using Kagi.Domain.Requests;
using Kagi.Notifications;
using Kagi.Vault;
using Microsoft.Extensions.Logging;

namespace Kagi.Requests;

/// <summary>The request's own timer, and what it tells others: accounts, the index, people.</summary>
public sealed partial class AccessRequestGrain
{
    public const string AgendaReminder = "request-agenda";

    // Orleans' minimum reminder period; the due time, not the period, aims each firing.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The due time this activation last aimed the reminder at; null when unknown (a new activation, or a
    /// firing, after which Orleans counts on by the period).</summary>
    private DateTimeOffset? _aimedAt;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != AgendaReminder)
        {
            return;
        }

        await Stored.ReadOnceAsync();
        if (Request.Exists)
        {
            _aimedAt = null;
            await CatchUpAsync();
        }
    }

    /// <summary>Does what is due, then publishes the request and re-aims the reminder.</summary>
    private async Task<AccessRequestInfo> CatchUpAsync()
    {
        await DoDueWorkAsync();
        return await AfterChangeAsync(await DirectoryAsync());
    }

    /// <summary>Does whatever RequestAgenda says is due now.</summary>
    private async Task DoDueWorkAsync()
    {
        var now = clock.Now;
        var due = RequestAgenda.Due(Request, now);
        if (due.ExpirePending)
        {
            Stored.State = RequestTransitions.ExpireUndecided(Request, now);
            await Stored.WriteAsync();
            await AuditAsync("request.expire", $"undecided by {AccessRequestLifecycle.DecideBy(Request):O}");
            await NotifyAsync(NotificationEvents.RequestExpired, [Request.Requester], toAdmins: false);
        }

        if (due.StartAccess && !due.EndAccess)
        {
            await StartAccessAsync();
        }

        if (due.ExpireExtension)
        {
            Stored.State = RequestTransitions.ExpireExtension(Request, now);
            await Stored.WriteAsync();
            await AuditAsync("request.extension-expire", $"extension to {Request.Extension!.Until:O} undecided when the window closed");
            await NotifyAsync(NotificationEvents.RequestRejected, [Request.Requester], toAdmins: false,
                ("decidedBy", "Kagi"), ("comment", $"the extension to {Request.Extension!.Until:u} was not decided before the window closed"));
        }

        if (due.EndAccess)
        {
            await EndAccessAsync($"window ended at {Request.Until:O}");
        }

        if (due.Escalate)
        {
            Stored.State = RequestTransitions.Escalate(Request, now);
            await Stored.WriteAsync();
            var hours = Request.Workflow.Emergency!.ApprovalWithin.TotalHours.ToString("0.#", CultureInfo.InvariantCulture);
            await AuditAsync("request.emergency-escalate", $"no approval after the fact within {hours} h");
            await NotifyAsync(NotificationEvents.RequestEmergencyEscalation, [], toAdmins: true, ("hours", hours));
        }

        if (due.RemindReport)
        {
            Stored.State = RequestTransitions.RemindReport(Request, now);
            await Stored.WriteAsync();
            await AuditAsync("report.overdue", $"post-work report due {Request.ReportDueAt:O} not filed (reminder {Request.ReportReminders})");
            await NotifyAsync(NotificationEvents.ReportOverdue, [Request.Requester], toAdmins: false, ("dueAt", Request.ReportDueAt!.Value.ToString("u", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Tells each account and the tenant's index where the request stands, and re-aims the reminder.</summary>
    private async Task<AccessRequestInfo> AfterChangeAsync(ApproverDirectory directory)
    {
        var now = clock.Now;
        var info = Info(directory);
        foreach (var item in Request.AllItems)
        {
            // Accounts decide check-outs from what they were last told; they never ask back.
            await Account(item.AccountId).ReceiveGrantAsync(Kagi, AccessGrant.Of(info, item.AccountId)!);
        }

        // Awaited: a summary the index did not store fails the call, so no change goes unlisted.
        await WriteIndexAsync(RequestSummaries.For(LocalId, Request, directory, now), _indexed);
        if (RequestAgenda.NextDue(Request) is { } at)
        {
            // Aiming writes the reminder table. A change that leaves the next due time where it was (approving a
            // request that starts later: it was due at its start to expire undecided, and is now due then to begin)
            // keeps the aim.
            if (at != _aimedAt)
            {
                await this.RegisterOrUpdateReminder(AgendaReminder, at > now ? at - now : TimeSpan.Zero, ReminderPeriod);
                _aimedAt = at;
            }
        }
        else
        {
            _aimedAt = null;
            if (await this.GetReminder(AgendaReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        return info;
    }

    public async Task<bool> ReportToIndexAsync(Caller caller)
    {
        EnsureSystem(caller);
        await Stored.ReadOnceAsync();
        if (!Request.Exists)
        {
            return false;
        }

        // Read first, whatever this activation last wrote: a rebuild asks for this after emptying the index.
        await WriteIndexAsync(RequestSummaries.For(LocalId, Request, await DirectoryAsync(), clock.Now), known: null);
        return true;
    }

    /// <summary>Writes the summary and remembers what the index now holds; after a failure nothing is assumed.</summary>
    private async Task WriteIndexAsync(RequestSummary summary, IndexedRequest? known)
    {
        _indexed = null;
        _indexed = await index.PutAsync(TenantId, summary, known);
    }

    private IPrivilegedAccountGrain Account(string accountId) => GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, accountId));

    /// <summary>Tells each account the window has begun; a failure (target down) is audited and does not stop the request.</summary>
    private async Task StartAccessAsync()
    {
        Stored.State = RequestTransitions.StartAccess(Request, clock.Now);
        await Stored.WriteAsync();
        var info = Info(await DirectoryAsync());
        foreach (var item in Request.AllItems)
        {
            try
            {
                await Account(item.AccountId).StartRequestAccessAsync(Kagi, info);
            }
            catch (Kagi.Errors.KagiException e)
            {
                await AuditAsync("request.access-start", $"account {item.AccountId} could not be prepared: {e.Message}");
            }
        }
    }

    /// <summary>Checks in (and so rotates, per each account's settings) everything held under this request.</summary>
    private async Task EndAccessAsync(string why)
    {
        await ForEachAccountAsync(account => account.EndRequestAccessAsync(Kagi, LocalId, why));
        Stored.State = RequestTransitions.EndAccess(Request, clock.Now);
        await Stored.WriteAsync();
        await AuditAsync("request.access-end", why);
    }

    private async Task ForEachAccountAsync(Func<IPrivilegedAccountGrain, Task> action)
    {
        foreach (var item in Request.AllItems)
        {
            await action(Account(item.AccountId));
        }
    }

    /// <summary>Tells whoever can decide the waiting step; for an extension, its end and reason replace the request's.</summary>
    private Task NotifyStepAsync(string eventName, ApproverDirectory directory)
    {
        if (ApprovalRound.CurrentStep(Request, directory, Request.Round) is not { } step)
        {
            return Task.CompletedTask;
        }

        var recipients = RequestSummaries.NotifyForStep(Request, directory, step);
        var name = ("step", Request.Workflow.Steps[step].Name);
        return Request is { ExtensionPending: true, Extension: { } extension }
            ? NotifyAsync(eventName, recipients, toAdmins: false, name, ("until", extension.Until.ToString("u", CultureInfo.InvariantCulture)), ("reason", extension.Reason))
            : NotifyAsync(eventName, recipients, toAdmins: false, name);
    }

    /// <summary>Queues a notification; a failure is logged and never undoes the step that caused it.</summary>
    private async Task NotifyAsync(string eventName, ImmutableArray<string> usernames, bool toAdmins, params (string Key, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["requestId"] = LocalId,
            ["requester"] = Request.Requester,
            ["accounts"] = Accounts(),
            ["from"] = Request.From.ToString("u", CultureInfo.InvariantCulture),
            ["until"] = Request.Until.ToString("u", CultureInfo.InvariantCulture),
            ["reason"] = Request.Reason,
        };
        foreach (var (key, value) in extra)
        {
            parameters[key] = value;
        }

        try
        {
            await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Kagi,
                new NotificationRequest(eventName, usernames, toAdmins, parameters.ToImmutableDictionary()) { RequestId = LocalId });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotifyFailed(logger, ex, eventName, this.GetPrimaryKeyString());
        }
    }

    private Task<long?> AuditAsync(string action, string detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(
            new AuditEvent(clock.Now, Caller.SystemName, action, LocalId, AuditResults.Success, null, detail) { RequestId = LocalId });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue notification {Event} for request {Request}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, string @event, string request);
}
