using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// The changes a request's own timer makes when <see cref="RequestAgenda"/> says they are due. Each refuses a
/// request it does not apply to, so a timer firing twice, or late, cannot move a request where no rule leads.
/// </summary>
public static class RequestTransitions
{
    /// <summary>Pending and undecided by its start or the workflow's pending timeout: expired.</summary>
    public static AccessRequestState ExpireUndecided(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Require(state.Status == AccessRequestStatus.Pending && now >= AccessRequestLifecycle.DecideBy(state), "Only a request still undecided at its deadline expires.");
        return state with { Status = AccessRequestStatus.Expired };
    }

    /// <summary>The window has begun for an approved request: marked once, so accounts are told once.</summary>
    public static AccessRequestState StartAccess(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Require(RequestAgenda.AccessStartDue(state) is { } start && now >= start, "Access starts once, for an approved request, from its start.");
        return state with { AccessStartedAt = now };
    }

    /// <summary>An extension still undecided when the window closes lapses; the window keeps its end.</summary>
    public static AccessRequestState ExpireExtension(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Require(state.ExtensionPending && now >= state.Until, "Only an extension still pending when the window closes lapses.");
        return state with { Extension = state.Extension! with { Status = ExtensionStatuses.Expired } };
    }

    /// <summary>Access has ended (window over, revoked, emergency rejected); an approved request becomes expired, others keep their status.</summary>
    public static AccessRequestState EndAccess(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Require(state.AccessEndedAt is null && state.Status != AccessRequestStatus.Pending
            && (state.Status != AccessRequestStatus.Approved || now >= state.Until), "Access ends once: at the window's end, or when the request is revoked or rejected.");
        return state with
        {
            AccessEndedAt = now,
            Status = state.Status == AccessRequestStatus.Approved ? AccessRequestStatus.Expired : state.Status,
        };
    }

    /// <summary>Emergency access still lacking its after-the-fact approval at the deadline: escalated once.</summary>
    public static AccessRequestState Escalate(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Require(RequestAgenda.EscalationDue(state) is { } due && now >= due, "Only overdue emergency approval escalates, once.");
        return state with { EscalatedAt = now };
    }

    /// <summary>An overdue post-work report: one more reminder, counted, so they stop after <see cref="RequestAgenda.MaximumReportReminders"/>.</summary>
    public static AccessRequestState RemindReport(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Require(RequestAgenda.ReportReminderDue(state) is { } due && now >= due, "A report reminder is sent only when one is due.");
        return state with { ReportRemindedAt = now, ReportReminders = state.ReportReminders + 1 };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new KagiException(ProblemCode.InvalidState, message);
        }
    }
}
