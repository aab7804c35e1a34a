using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// What a request's timer must do and when: expire an undecided request or extension, end access
/// when the window closes, escalate missing after-the-fact approval of emergency access, and remind
/// the requester of an overdue post-work report.
/// </summary>
public static class RequestAgenda
{
    /// <summary>Reminders stop after this many, so a forgotten request does not mail for ever.</summary>
    public const int MaximumReportReminders = 10;

    public static RequestDue Due(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RequestDue(
            ExpirePending: state.Status == AccessRequestStatus.Pending && now >= AccessRequestLifecycle.DecideBy(state),
            StartAccess: AccessStartDue(state) is { } start && now >= start,
            ExpireExtension: state.ExtensionPending && now >= state.Until,
            EndAccess: AccessEndDue(state) is { } end && now >= end,
            Escalate: EscalationDue(state) is { } escalate && now >= escalate,
            RemindReport: ReportReminderDue(state) is { } remind && now >= remind);
    }

    /// <summary>The earliest moment anything above falls due; null when the request needs no timer.</summary>
    public static DateTimeOffset? NextDue(AccessRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        DateTimeOffset?[] candidates =
        [
            state.Status == AccessRequestStatus.Pending ? AccessRequestLifecycle.DecideBy(state) : null,
            state.ExtensionPending ? state.Until : null,
            AccessStartDue(state),
            AccessEndDue(state),
            EscalationDue(state),
            ReportReminderDue(state),
        ];
        return candidates.Where(c => c is not null).Min();
    }

    /// <summary>Access starts at approval or the earliest requested start, whichever is later, once, while the window is open.</summary>
    public static DateTimeOffset? AccessStartDue(AccessRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.AccessStartedAt is not null || state.AccessEndedAt is not null || state.ApprovedAt is not { } approved
            || state.Status != AccessRequestStatus.Approved)
        {
            return null;
        }

        var start = approved > state.From ? approved : state.From;
        return start < state.Until ? start : null;
    }

    /// <summary>Access ends at the window's end, or at once after revocation or a rejected emergency.</summary>
    public static DateTimeOffset? AccessEndDue(AccessRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.AccessEndedAt is not null || state.ApprovedAt is null)
        {
            return null;
        }

        return state.Status switch
        {
            AccessRequestStatus.Approved or AccessRequestStatus.Expired => state.Until,
            AccessRequestStatus.Revoked => state.Revocation!.RevokedAt,
            AccessRequestStatus.Rejected => state.Decision?.DecidedAt ?? state.Until,
            _ => null,
        };
    }

    public static DateTimeOffset? EscalationDue(AccessRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.AwaitingAfterTheFact && state.EscalatedAt is null && state.Workflow.Emergency is { } emergency
            ? state.CreatedAt + emergency.ApprovalWithin
            : null;
    }

    public static DateTimeOffset? ReportReminderDue(AccessRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.ReportDueAt is not { } due || state.Report is not null || state.ReportReminders >= MaximumReportReminders)
        {
            return null;
        }

        return state.ReportRemindedAt is { } last ? last + state.Workflow.Report.RemindEvery : due;
    }
}

public sealed record RequestDue(bool ExpirePending, bool StartAccess, bool ExpireExtension, bool EndAccess, bool Escalate, bool RemindReport)
{
    public bool Any => ExpirePending || StartAccess || ExpireExtension || EndAccess || Escalate || RemindReport;
}
