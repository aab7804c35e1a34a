using System.Collections.Immutable;
using System.Globalization;
using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// Which listing of the tenant's request index answers a query, and how a page of it is told. Listings
/// run newest first; the continuation names the last item returned (created-at ticks and id), so pages
/// stay stable while new requests arrive. Every request stays listed, closed ones too, until its rows
/// are purged with the audit retention (<see cref="Purgeable"/>).
/// </summary>
public static class RequestListing
{
    public const int MaximumPageSize = 200;
    public const int DefaultPageSize = 50;

    /// <summary>The listing to read for <paramref name="query"/>: a user who may not read every request
    /// (see <see cref="AccessRequestLifecycle.ReadsEveryRequest"/>) reads their own rows only, and what waits
    /// for a decision is read from the waiting rows and filtered further by who can decide it.</summary>
    public static RequestScan ScanFor(RequestQuery query, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        if (query.ToApprove)
        {
            return new RequestScan(RequestIndexKeys.Awaiting, query.Status, query.Mine ? caller.Username : null, DecidedBy: caller.Username);
        }

        var own = query.Mine || !AccessRequestLifecycle.ReadsEveryRequest(caller);
        var listing = (own, query.Status) switch
        {
            (true, { } status) => RequestIndexKeys.Of(caller.Username, status),
            (true, null) => RequestIndexKeys.Of(caller.Username),
            (false, { } status) => RequestIndexKeys.WithStatus(status),
            (false, null) => RequestIndexKeys.Newest,
        };
        return new RequestScan(listing, null, null, null);
    }

    public static int PageSize(RequestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Math.Clamp(query.Limit <= 0 ? DefaultPageSize : query.Limit, 1, MaximumPageSize);
    }

    /// <summary>A page of <paramref name="size"/> from what was read in listing order (up to one more, which
    /// only tells that more follow).</summary>
    public static RequestPage PageOf(IReadOnlyList<RequestSummary> found, int size)
    {
        ArgumentNullException.ThrowIfNull(found);
        var items = found.Take(size).ToImmutableArray();
        return new RequestPage(items, found.Count > size ? Token(RequestPosition.Of(items[^1])) : null);
    }

    /// <summary>The approved requests of <paramref name="requester"/>: the only ones under which they can
    /// hold accounts (a lease is only for the requester, inside an approved window), as (request, account)
    /// pairs, oldest request first.</summary>
    public static ImmutableArray<HeldAccount> HeldUnder(IEnumerable<RequestSummary> all, string requester) =>
    [
        .. Ordered(all).Reverse()
            .Where(s => s.Status == AccessRequestStatus.Approved && string.Equals(s.Requester, requester, StringComparison.Ordinal))
            .SelectMany(s => s.AccountIds.Distinct(StringComparer.Ordinal).Select(account => new HeldAccount(s.Id, account))),
    ];

    /// <summary>The pending or approved requests of <paramref name="requester"/>, oldest first: what offboarding
    /// revokes.</summary>
    public static ImmutableArray<string> OpenOf(IEnumerable<RequestSummary> all, string requester) =>
    [
        .. Ordered(all).Reverse()
            .Where(s => s.Status is AccessRequestStatus.Pending or AccessRequestStatus.Approved && string.Equals(s.Requester, requester, StringComparison.Ordinal))
            .Select(s => s.Id),
    ];

    /// <summary>The statuses after which nothing happens to a request but its report (see <see cref="Purgeable"/>).</summary>
    public static ImmutableArray<AccessRequestStatus> Closed { get; } = [AccessRequestStatus.Rejected, AccessRequestStatus.Revoked, AccessRequestStatus.Expired];

    /// <summary>Whether a request's rows go with the audit records before <paramref name="cutOff"/>: it is closed, nothing
    /// of it waits for a decision, and it was created and its window ended before the cut-off.</summary>
    public static bool Purgeable(RequestSummary summary, DateTimeOffset cutOff)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Closed.Contains(summary.Status) && summary.AwaitingApprovers is null && !summary.ReportAwaitingApproval
            && summary.CreatedAt < cutOff && summary.Until < cutOff;
    }

    /// <summary>The position a continuation token names; a token Kagi did not hand out is refused.</summary>
    public static RequestPosition? After(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var parts = token.Split('_', 2);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[1].Length > 0
            ? new RequestPosition(ticks, parts[1])
            : throw new KagiException(ProblemCode.Invalid, "The continuation token is not valid.");
    }

    private static string Token(RequestPosition position) => position.Ticks.ToString(CultureInfo.InvariantCulture) + "_" + position.Id;

    private static IEnumerable<RequestSummary> Ordered(IEnumerable<RequestSummary> all) =>
        all.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal);
}

/// <summary>
/// One listing's rows to read (<see cref="Listing"/>, a key prefix of <see cref="RequestIndexKeys"/>), with
/// conditions the table checks (<see cref="Status"/>, <see cref="Requester"/>) and, when
/// <see cref="DecidedBy"/> is set, only what that user could decide.
/// </summary>
public sealed record RequestScan(string Listing, AccessRequestStatus? Status, string? Requester, string? DecidedBy);
