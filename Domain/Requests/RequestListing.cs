using System.Collections.Immutable;
using System.Globalization;
using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// Filters and pages the tenant's request summaries, newest first. The continuation names the last
/// item returned (created-at ticks and id), so pages stay stable while new requests arrive.
/// Closed requests beyond <see cref="RetainedClosed"/> are dropped from the listing (never from audit).
/// </summary>
public static class RequestListing
{
    public const int MaximumPageSize = 200;
    public const int RetainedClosed = 2000;

    public static RequestPage Page(IEnumerable<RequestSummary> all, RequestQuery query, string caller, ApproverDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit <= 0 ? 50 : query.Limit, 1, MaximumPageSize);
        var after = Parse(query.Continuation);
        var page = Ordered(all)
            .Where(s => query.Status is null || s.Status == query.Status)
            .Where(s => !query.Mine || s.Requester == caller)
            .Where(s => !query.ToApprove || RequestSummaries.AwaitsDecisionBy(s, directory, caller))
            .Where(s => after is null || Compare(s, after.Value) > 0)
            .Take(limit + 1)
            .ToList();
        var more = page.Count > limit;
        var items = page.Take(limit).ToImmutableArray();
        return new RequestPage(items, more ? Token(items[^1]) : null);
    }

    /// <summary>What a listing may show the caller (see <see cref="AccessRequestLifecycle.ReadsEveryRequest"/>); what waits for
    /// their decision is filtered further by <see cref="Page"/>.</summary>
    public static IEnumerable<RequestSummary> VisibleTo(IEnumerable<RequestSummary> all, Caller caller, bool toApprove)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var everything = toApprove || AccessRequestLifecycle.ReadsEveryRequest(caller);
        return all.Where(s => everything || s.Requester == caller.Username);
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

    /// <summary>Keeps every open request and the newest closed ones.</summary>
    public static ImmutableSortedDictionary<string, RequestSummary> Trim(ImmutableSortedDictionary<string, RequestSummary> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var closed = Ordered(all.Values).Where(IsClosed).Skip(RetainedClosed).Select(s => s.Id).ToList();
        return closed.Count == 0 ? all : all.RemoveRange(closed);
    }

    private static bool IsClosed(RequestSummary s) =>
        s.Status is AccessRequestStatus.Rejected or AccessRequestStatus.Revoked or AccessRequestStatus.Expired
        && s.AwaitingApprovers is null && !s.ReportAwaitingApproval;

    private static IEnumerable<RequestSummary> Ordered(IEnumerable<RequestSummary> all) =>
        all.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal);

    private static int Compare(RequestSummary s, (long Ticks, string Id) after)
    {
        var byTime = after.Ticks.CompareTo(s.CreatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(s.Id, after.Id);
    }

    private static string Token(RequestSummary s) => s.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "_" + s.Id;

    private static (long Ticks, string Id)? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var parts = token.Split('_', 2);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (ticks, parts[1])
            : throw new KagiException(ProblemCode.Invalid, "The continuation token is not valid.");
    }
}
