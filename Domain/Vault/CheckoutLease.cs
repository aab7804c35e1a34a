using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Vault;

/// <summary>
/// Who may hold an account and until when. A lease is granted only to the requester of an
/// approved request for this account, inside its window, and ends with the window. Several people
/// hold it at once only when the account allows overlapping check-outs.
/// </summary>
public static class CheckoutLease
{
    public static LeaseState Grant(LeaseState? current, string accountId, AccessRequestInfo request, string caller, DateTimeOffset now) =>
        Grant(current is null ? [] : [current], allowOverlap: false, accountId, request, caller, now).Granted;

    public static (ImmutableArray<LeaseState> Leases, LeaseState Granted) Grant(
        ImmutableArray<LeaseState> current, bool allowOverlap, string accountId, AccessRequestInfo request, string caller, DateTimeOffset now) =>
        Grant(current, allowOverlap, AccessGrant.Of(request, accountId) ?? throw new KagiException(ProblemCode.Invalid, "The request is for another account."), caller, now);

    /// <summary>Grants (or hands back the caller's existing) lease; expired leases are dropped.</summary>
    public static (ImmutableArray<LeaseState> Leases, LeaseState Granted) Grant(
        ImmutableArray<LeaseState> current, bool allowOverlap, AccessGrant request, string caller, DateTimeOffset now)
    {
        EnsureMayCheckOut(request, caller, now);
        var live = Live(current, now);

        // The same holder asking again under the same request gets the same lease back.
        if (live.FirstOrDefault(l => l.RequestId == request.RequestId && l.Holder == caller) is { } existing)
        {
            return (live, existing);
        }

        if (!allowOverlap && !live.IsEmpty)
        {
            throw new KagiException(ProblemCode.CheckedOut, "The account is checked out by someone else.");
        }

        var lease = new LeaseState(request.RequestId, caller, now, request.Until);
        return (live.Add(lease), lease);
    }

    /// <summary>Moves the end of the live leases held under <paramref name="requestId"/> to <paramref name="until"/> (never earlier).</summary>
    public static ImmutableArray<LeaseState> Extend(ImmutableArray<LeaseState> leases, string requestId, DateTimeOffset until, DateTimeOffset now) =>
        [.. Live(leases, now).Select(l => l.RequestId == requestId && l.Until < until ? l with { Until = until } : l)];

    public static bool IsExpired(LeaseState lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return now >= lease.Until;
    }

    /// <summary>Refuses work that must wait until nobody holds the account (rotation, removal).</summary>
    public static void EnsureNotHeld(ImmutableArray<LeaseState> leases, DateTimeOffset now)
    {
        if (Live(leases, now).FirstOrDefault() is { } lease)
        {
            throw new KagiException(ProblemCode.CheckedOut, $"The account is checked out until {lease.Until:O}; check it in first.");
        }
    }

    public static ImmutableArray<LeaseState> Live(ImmutableArray<LeaseState> leases, DateTimeOffset now) =>
        leases.IsDefault ? [] : [.. leases.Where(lease => !IsExpired(lease, now))];

    /// <summary>Checks that <paramref name="caller"/> may return the lease: its holder, or an admin.</summary>
    public static LeaseState EnsureCanCheckIn(LeaseState? current, string caller, bool callerIsAdmin) =>
        Release(current is null ? [] : [current], caller, callerIsAdmin).Released[0];

    /// <summary>Returns the caller's leases; an admin who holds none returns everyone's.</summary>
    public static (ImmutableArray<LeaseState> Remaining, ImmutableArray<LeaseState> Released) Release(
        ImmutableArray<LeaseState> current, string caller, bool callerIsAdmin)
    {
        var leases = current.IsDefault ? [] : current;
        if (leases.IsEmpty)
        {
            throw new KagiException(ProblemCode.InvalidState, "The account is not checked out.");
        }

        var own = leases.Where(l => l.Holder == caller).ToImmutableArray();
        if (!own.IsEmpty)
        {
            return ([.. leases.Except(own)], own);
        }

        return callerIsAdmin
            ? ([], leases)
            : throw new KagiException(ProblemCode.Forbidden, "Only the holder or an admin can check the account in.");
    }

    /// <summary>Ends every lease held under <paramref name="requestId"/>, e.g. when the request is revoked.</summary>
    public static (ImmutableArray<LeaseState> Remaining, ImmutableArray<LeaseState> Ended) EndRequest(ImmutableArray<LeaseState> current, string requestId)
    {
        var leases = current.IsDefault ? [] : current;
        var ended = leases.Where(l => l.RequestId == requestId).ToImmutableArray();
        return ([.. leases.Except(ended)], ended);
    }

    /// <summary>Refuses a check-out under <paramref name="request"/> by <paramref name="caller"/> at <paramref name="now"/>:
    /// someone else's request, one not approved, or outside its window.</summary>
    public static void EnsureMayCheckOut(AccessGrant request, string caller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Requester, caller, StringComparison.Ordinal))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the requester can check out under this request.");
        }

        switch (request.Status)
        {
            case AccessRequestStatus.Approved:
                break;
            case AccessRequestStatus.Expired when request.ApprovedAt is not null:
                throw new KagiException(ProblemCode.OutsideWindow, "The request's window has closed.");
            default:
                throw new KagiException(ProblemCode.NotApproved, $"The request is {request.Status.ToString().ToLowerInvariant()}, not approved.");
        }

        // Access starts at approval, or at the requested start if that is later.
        var start = request.ApprovedAt is { } approved && approved > request.From ? approved : request.From;
        if (now < start || now >= request.Until)
        {
            throw new KagiException(ProblemCode.OutsideWindow, $"Check-out is allowed from {start:O} until {request.Until:O}.");
        }
    }

    /// <summary>What the request <paramref name="requestId"/> last told the holder of <paramref name="grants"/> (an
    /// account or a one-time template); a request it holds no grant of is refused (<see cref="UnknownRequest"/>).</summary>
    public static AccessGrant GrantFor(ImmutableArray<AccessGrant> grants, string requestId) =>
        (grants.IsDefault ? [] : grants).FirstOrDefault(g => g.RequestId == requestId) ?? throw UnknownRequest(requestId);

    /// <summary>What an account answers for a request it holds no grant of. The refusal names the field, so the
    /// check-out can tell it from an account that does not exist and ask the request why.</summary>
    public static KagiException UnknownRequest(string requestId) =>
        new(ProblemCode.NotFound, $"Request '{requestId}' was not found for this account.",
            ImmutableDictionary<string, string>.Empty.Add("requestId", "is not a request this account was granted under."));

    /// <summary>Whether an account stores <paramref name="grant"/>: one that gives access, or changes one it holds. A
    /// request still pending (or refused before it was ever approved) is not stored: nothing can be checked out under
    /// it, and leaving it out saves every submission a write of each account it names (issue 15, P5).</summary>
    public static bool IsWorthStoring(ImmutableArray<AccessGrant> grants, AccessGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var held = grants.IsDefault ? [] : grants;
        return !held.Contains(grant) && (grant.Status == AccessRequestStatus.Approved || held.Any(g => g.RequestId == grant.RequestId));
    }

    /// <summary>The account's grants with <paramref name="grant"/> in place of any earlier one of its request, less
    /// those whose window ended over a day ago (kept that long so a late check-out is told why).</summary>
    public static ImmutableArray<AccessGrant> Receive(ImmutableArray<AccessGrant> grants, AccessGrant grant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var kept = (grants.IsDefault ? [] : grants).Where(g => g.RequestId != grant.RequestId && g.Until > now - GrantRetention);
        return [.. kept, grant];
    }

    private static readonly TimeSpan GrantRetention = TimeSpan.FromDays(1);
}
