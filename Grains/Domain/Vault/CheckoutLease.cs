using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Vault;

/// <summary>
/// Who may hold an account and until when. A lease is granted only to the requester of an
/// approved request for this account, inside its window, and ends with the window.
/// </summary>
public static class CheckoutLease
{
    public static LeaseState Grant(LeaseState? current, string accountId, AccessRequestInfo request, string caller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.AccountId, accountId, StringComparison.Ordinal))
        {
            throw new KagiException(ProblemCode.Invalid, "The request is for another account.");
        }

        if (!string.Equals(request.Requester, caller, StringComparison.Ordinal))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the requester can check out under this request.");
        }

        switch (request.Status)
        {
            case AccessRequestStatus.Approved:
                break;
            case AccessRequestStatus.Expired:
                throw new KagiException(ProblemCode.OutsideWindow, "The request's window has closed.");
            default:
                throw new KagiException(ProblemCode.NotApproved, $"The request is {request.Status.ToString().ToLowerInvariant()}, not approved.");
        }

        if (now < request.From || now >= request.Until)
        {
            throw new KagiException(ProblemCode.OutsideWindow, $"Check-out is allowed from {request.From:O} until {request.Until:O}.");
        }

        if (current is not null && !IsExpired(current, now))
        {
            // The same holder asking again under the same request gets the same lease back.
            if (current.RequestId == request.Id && current.Holder == caller)
            {
                return current;
            }

            throw new KagiException(ProblemCode.CheckedOut, "The account is checked out by someone else.");
        }

        return new LeaseState(request.Id, caller, now, request.Until);
    }

    public static bool IsExpired(LeaseState lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return now >= lease.Until;
    }

    /// <summary>Checks that <paramref name="caller"/> may return the lease: its holder, or an admin.</summary>
    public static LeaseState EnsureCanCheckIn(LeaseState? current, string caller, bool callerIsAdmin)
    {
        if (current is null)
        {
            throw new KagiException(ProblemCode.InvalidState, "The account is not checked out.");
        }

        if (current.Holder != caller && !callerIsAdmin)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the holder or an admin can check the account in.");
        }

        return current;
    }
}
