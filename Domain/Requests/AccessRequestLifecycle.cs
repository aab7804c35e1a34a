using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>
/// The life of an access request: pending → approved | rejected | expired, approved → expired at
/// the end of its window or revoked; extensions and, for emergency access, the approval after the
/// fact go through the workflow's steps again (see <see cref="ApprovalRound"/>).
/// </summary>
public static class AccessRequestLifecycle
{
    public const int MaximumReasonLength = RequestLimits.MaximumTextLength;
    public const int MaximumTicketLength = RequestLimits.MaximumTicketLength;
    public const int MaximumItems = RequestLimits.MaximumItems;
    public const int MaximumReportLength = RequestLimits.MaximumReportLength;

    public static AccessRequestState Submit(
        string requester, NewAccessRequest request, string workflowId, WorkflowDefinition workflow, ApproverDirectory directory, DateTimeOffset now)
    {
        var state = Build(requester, request, workflowId, workflow, now, emergency: false);
        ApprovalRound.EnsureReachable(state, directory);
        if (AutoApproval.Match(workflow, requester, state.AllItems, directory) is { } rule)
        {
            return state with { Status = AccessRequestStatus.Approved, ApprovedAt = now, AutoApprovedBy = rule.Name };
        }

        return state;
    }

    /// <summary>Break-glass: approved at once (every window starts now); the steps are owed afterwards.</summary>
    public static AccessRequestState SubmitEmergency(
        string requester, NewAccessRequest request, string workflowId, WorkflowDefinition workflow, ApproverDirectory directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.Emergency is null)
        {
            throw new KagiException(ProblemCode.Forbidden, $"Workflow '{workflowId}' does not allow emergency access.");
        }

        ArgumentNullException.ThrowIfNull(request);
        var startingNow = request with { Items = [.. request.AllItems.Select(item => item with { From = now })], From = now };
        var state = Build(requester, startingNow, workflowId, workflow with { Require = new RequiredRequestFields(true, false, false) }, now, emergency: true);
        ApprovalRound.EnsureReachable(state, directory);
        return state with { Workflow = workflow, Status = AccessRequestStatus.Approved, ApprovedAt = now, Emergency = true };
    }

    /// <summary>Approves or rejects whatever waits for a decision: the request, its extension, or its after-the-fact approval.</summary>
    public static (AccessRequestState State, RoundOutcome Outcome) Decide(
        AccessRequestState state, ApproverDirectory directory, string caller, bool approve, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (caller == state.Requester)
        {
            throw new KagiException(ProblemCode.SelfApproval, "A requester cannot decide their own request.");
        }

        var status = StatusAt(state, now);
        var phase = PhaseAt(state, now)
            ?? throw new KagiException(ProblemCode.InvalidState, $"The request is {Name(status)} and nothing in it waits for a decision.");
        var (next, _, passed) = ApprovalRound.Decide(state, directory, state.Round, caller, approve, comment, now);
        if (!approve)
        {
            return phase switch
            {
                DecisionPhase.Request => (next with { Status = AccessRequestStatus.Rejected }, RoundOutcome.Rejected),
                DecisionPhase.Extension => (next with { Extension = next.Extension! with { Status = ExtensionStatuses.Rejected } }, RoundOutcome.ExtensionRejected),
                _ => (next with { Status = AccessRequestStatus.Rejected }, RoundOutcome.EmergencyRejected),
            };
        }

        if (!passed)
        {
            return (next, RoundOutcome.StepRecorded);
        }

        return phase switch
        {
            DecisionPhase.Request => (next with { Status = AccessRequestStatus.Approved, ApprovedAt = now }, RoundOutcome.Approved),
            DecisionPhase.Extension => (Extended(next), RoundOutcome.ExtensionApproved),
            _ => (next with { ApprovedAfterTheFact = true }, RoundOutcome.EmergencyApproved),
        };
    }

    /// <summary>What a decision now would be about, or null when nothing waits.</summary>
    public static DecisionPhase? PhaseAt(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var status = StatusAt(state, now);
        if (state.ExtensionPending && status == AccessRequestStatus.Approved && now < state.Until)
        {
            return DecisionPhase.Extension;
        }

        if (status == AccessRequestStatus.Pending)
        {
            return DecisionPhase.Request;
        }

        return state.AwaitingAfterTheFact ? DecisionPhase.AfterTheFact : null;
    }

    /// <summary>The requester asks for more time; every step must approve again.</summary>
    public static AccessRequestState Extend(AccessRequestState state, string caller, DateTimeOffset until, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (caller != state.Requester)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the requester can ask for an extension.");
        }

        if (state.Emergency)
        {
            throw new KagiException(ProblemCode.InvalidState, "Emergency access cannot be extended; file a new request.");
        }

        if (StatusAt(state, now) != AccessRequestStatus.Approved)
        {
            throw new KagiException(ProblemCode.InvalidState, $"Only an approved request whose window is open can be extended; this one is {Name(StatusAt(state, now))}.");
        }

        if (state.ExtensionPending)
        {
            throw new KagiException(ProblemCode.InvalidState, "An extension is already waiting for approval.");
        }

        until = until.ToUniversalTime();
        if (until <= state.Until)
        {
            throw new KagiException(ProblemCode.Invalid, $"'until' must be later than the current end, {state.Until:O}.");
        }

        if (until - state.Until > state.Workflow.MaximumWindow)
        {
            throw new KagiException(ProblemCode.Invalid, $"An extension may add at most {Describe(state.Workflow.MaximumWindow)}.");
        }

        RequireText("reason", reason, MaximumReasonLength);
        return state with { Round = state.Round + 1, Extension = new ExtensionInfo(until, reason.Trim(), now, ExtensionStatuses.Pending) };
    }

    /// <summary>An admin ends the request at once.</summary>
    public static AccessRequestState Revoke(AccessRequestState state, string admin, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        RequireText("reason", reason, MaximumReasonLength);
        var status = StatusAt(state, now);
        if (status is not (AccessRequestStatus.Pending or AccessRequestStatus.Approved))
        {
            throw new KagiException(ProblemCode.InvalidState, $"The request is {Name(status)}; only a pending or approved request can be revoked.");
        }

        return state with
        {
            Status = AccessRequestStatus.Revoked,
            Revocation = new RevocationInfo(admin, now, reason.Trim()),
            Extension = state.ExtensionPending ? state.Extension! with { Status = ExtensionStatuses.Expired } : state.Extension,
        };
    }

    public static AccessRequestState FileReport(AccessRequestState state, string caller, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (caller != state.Requester)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the requester files the post-work report.");
        }

        if (state.ApprovedAt is null)
        {
            throw new KagiException(ProblemCode.InvalidState, "The request was never approved, so there is no work to report.");
        }

        if (state.Report?.ApprovedAt is not null)
        {
            throw new KagiException(ProblemCode.InvalidState, "The report has been approved and can no longer change.");
        }

        RequireText("text", text, MaximumReportLength);
        return state with { Report = new PostWorkReportInfo(text.Trim(), now, null, null) };
    }

    /// <summary>Someone who could approve the request (never the requester) accepts the report.</summary>
    public static AccessRequestState ApproveReport(AccessRequestState state, ApproverDirectory directory, Caller caller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Username == state.Requester)
        {
            throw new KagiException(ProblemCode.SelfApproval, "A requester cannot approve their own report.");
        }

        var approver = caller.ActsAsAdmin
            || state.Workflow.Steps.Any(step => directory.PrincipalsFor(step.Approvers, caller.Username).Any(p => p != state.Requester));
        if (!approver)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only an approver of this workflow or an admin can approve the report.");
        }

        if (state.Report is null)
        {
            throw new KagiException(ProblemCode.InvalidState, "No report has been filed yet.");
        }

        if (state.Report.ApprovedAt is not null)
        {
            throw new KagiException(ProblemCode.InvalidState, "The report is already approved.");
        }

        return state with { Report = state.Report with { ApprovedBy = caller.Username, ApprovedAt = now } };
    }

    /// <summary>The status as of <paramref name="now"/>: a pending request past its deadline, or an
    /// approved one whose window has closed, is expired whether or not anything was written since.</summary>
    public static AccessRequestStatus StatusAt(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Status switch
        {
            AccessRequestStatus.Pending when now >= DecideBy(state) => AccessRequestStatus.Expired,
            AccessRequestStatus.Approved when now >= state.Until => AccessRequestStatus.Expired,
            _ => state.Status,
        };
    }

    public static DateTimeOffset DecideBy(AccessRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.DecideBy == default ? state.Until : state.DecideBy;
    }

    /// <summary>When access to one account may start: at approval, or at its requested start if later.</summary>
    public static DateTimeOffset? AccessStart(AccessRequestState state, RequestItem item)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(item);
        return state.ApprovedAt is { } approved ? (approved > item.From ? approved : item.From) : null;
    }

    /// <summary>Who may read a request: its requester, approvers, admins and auditors.</summary>
    public static bool MayRead(AccessRequestState state, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Username == state.Requester || ReadsEveryRequest(caller);
    }

    /// <summary>Approvers, admins and auditors read every request; others only their own and those waiting for them.</summary>
    public static bool ReadsEveryRequest(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.ActsAsAdmin || caller.IsInRole(KagiRoles.Approver) || caller.IsInRole(KagiRoles.Auditor);
    }

    public static string Name(AccessRequestStatus status) => status.ToString().ToLowerInvariant();

    private static AccessRequestState Build(string requester, NewAccessRequest request, string workflowId, WorkflowDefinition workflow, DateTimeOffset now, bool emergency)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(workflow);
        var items = request.AllItems.Select(i => new RequestItem(i.AccountId, i.From.ToUniversalTime(), i.Until.ToUniversalTime())).ToImmutableArray();
        if (items.Length is 0 or > MaximumItems)
        {
            throw new KagiException(ProblemCode.Invalid, $"A request covers 1 to {MaximumItems} accounts.");
        }

        if (items.Select(i => i.AccountId).Distinct(StringComparer.Ordinal).Count() != items.Length)
        {
            throw new KagiException(ProblemCode.Invalid, "Each account may appear once in a request.");
        }

        foreach (var item in items)
        {
            if (item.Until <= item.From)
            {
                throw new KagiException(ProblemCode.Invalid, $"'until' must be later than 'from' (account {item.AccountId}).");
            }

            if (item.Until <= now)
            {
                throw new KagiException(ProblemCode.Invalid, $"'until' must be in the future (account {item.AccountId}).");
            }

            if (item.Until - item.From > workflow.MaximumWindow)
            {
                throw new KagiException(ProblemCode.Invalid, $"The window may last at most {Describe(workflow.MaximumWindow)} (account {item.AccountId}).");
            }
        }

        if (workflow.Require.Purpose || !string.IsNullOrEmpty(request.Reason))
        {
            RequireText("reason", request.Reason, MaximumReasonLength);
        }

        var work = Optional("workContent", request.WorkContent, workflow.Require.WorkContent, MaximumReasonLength);
        var ticket = Optional("ticketReference", request.TicketReference, workflow.Require.TicketReference, MaximumTicketLength);
        var custom = emergency ? request.CustomFields ?? ImmutableDictionary<string, string>.Empty : CustomFieldValues.Check(workflow, request.CustomFields, MaximumReasonLength);
        var from = items.Min(i => i.From);
        var until = items.Max(i => i.Until);
        var start = from > now ? from : until;
        return new AccessRequestState
        {
            Exists = true,
            AccountId = items[0].AccountId,
            Requester = requester,
            From = from,
            Until = until,
            Items = items,
            Reason = request.Reason?.Trim() ?? "",
            WorkContent = work,
            TicketReference = ticket,
            CustomFields = custom,
            WorkflowId = workflowId,
            Workflow = workflow,
            Status = AccessRequestStatus.Pending,
            CreatedAt = now,
            DecideBy = start < now + workflow.PendingTimeout ? start : now + workflow.PendingTimeout,
        };
    }

    private static AccessRequestState Extended(AccessRequestState state)
    {
        var until = state.Extension!.Until;
        var items = state.AllItems.Select(i => i.Until < until ? i with { Until = until } : i).ToImmutableArray();
        return state with { Items = items, Until = until, Extension = state.Extension with { Status = ExtensionStatuses.Approved } };
    }

    private static string? Optional(string field, string? value, bool required, int maximum)
    {
        if (required || !string.IsNullOrEmpty(value))
        {
            RequireText(field, value, maximum);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static void RequireText(string field, string? value, int maximum)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maximum)
        {
            throw new KagiException(ProblemCode.Invalid, $"'{field}' of 1 to {maximum} characters is required.");
        }
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : $"{span.TotalHours:0.#} hours";
}

public enum DecisionPhase
{
    Request,
    Extension,
    AfterTheFact,
}

public enum RoundOutcome
{
    StepRecorded,
    Approved,
    Rejected,
    ExtensionApproved,
    ExtensionRejected,
    EmergencyApproved,
    EmergencyRejected,
}
