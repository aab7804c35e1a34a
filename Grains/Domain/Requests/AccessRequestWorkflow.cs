using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// The life of an access request: pending → approved | rejected, and expired once its window has
/// closed. Separation of duties: the requester never decides their own request.
/// </summary>
public sealed class AccessRequestWorkflow(TimeSpan maximumWindow)
{
    public const int MaximumReasonLength = 2000;

    /// <summary>The longest window by default: long enough for planned work, short enough to stay a request.</summary>
    public static readonly TimeSpan DefaultMaximumWindow = TimeSpan.FromDays(31);

    public static AccessRequestWorkflow Default { get; } = new(DefaultMaximumWindow);

    public AccessRequestState Submit(string requester, NewAccessRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Until <= request.From)
        {
            throw new KagiException(ProblemCode.Invalid, "'until' must be later than 'from'.");
        }

        if (request.Until <= now)
        {
            throw new KagiException(ProblemCode.Invalid, "'until' must be in the future.");
        }

        if (request.Until - request.From > maximumWindow)
        {
            throw new KagiException(ProblemCode.Invalid, $"The window may last at most {maximumWindow.TotalDays:0.#} days.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaximumReasonLength)
        {
            throw new KagiException(ProblemCode.Invalid, $"A reason of 1 to {MaximumReasonLength} characters is required.");
        }

        return new AccessRequestState
        {
            Exists = true,
            AccountId = request.AccountId,
            Requester = requester,
            From = request.From.ToUniversalTime(),
            Until = request.Until.ToUniversalTime(),
            Reason = request.Reason.Trim(),
            Status = AccessRequestStatus.Pending,
            CreatedAt = now,
        };
    }

    public static AccessRequestState Approve(AccessRequestState state, string approver, string? comment, DateTimeOffset now) =>
        Decide(state, approver, approved: true, comment, now);

    public static AccessRequestState Reject(AccessRequestState state, string approver, string reason, DateTimeOffset now) =>
        Decide(state, approver, approved: false, reason, now);

    /// <summary>The status as of <paramref name="now"/>: a pending or approved request whose window
    /// has closed is expired, whether or not anything has been written since.</summary>
    public static AccessRequestStatus StatusAt(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Status is AccessRequestStatus.Pending or AccessRequestStatus.Approved && now >= state.Until
            ? AccessRequestStatus.Expired
            : state.Status;
    }

    /// <summary>Who may read a request: its requester, approvers, admins and auditors.</summary>
    public static bool MayRead(AccessRequestState state, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Username == state.Requester
            || caller.IsInRole(KagiRoles.Approver) || caller.IsInRole(KagiRoles.Admin) || caller.IsInRole(KagiRoles.Auditor);
    }

    private static AccessRequestState Decide(AccessRequestState state, string approver, bool approved, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.Equals(state.Requester, approver, StringComparison.Ordinal))
        {
            throw new KagiException(ProblemCode.SelfApproval, "A requester cannot decide their own request.");
        }

        var status = StatusAt(state, now);
        if (status != AccessRequestStatus.Pending)
        {
            throw new KagiException(ProblemCode.InvalidState, $"The request is {status.ToString().ToLowerInvariant()}, not pending.");
        }

        return state with
        {
            Status = approved ? AccessRequestStatus.Approved : AccessRequestStatus.Rejected,
            Decision = new DecisionInfo(approver, now, approved, comment),
        };
    }
}
