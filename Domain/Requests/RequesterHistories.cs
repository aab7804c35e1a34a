using System.Collections.Immutable;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// The requester's history an approver weighs a request by: their other requests, read from the requester's
/// own listing of the request index (newest first), the newest <see cref="Shown"/> told one by one and the
/// newest <see cref="Counted"/> counted by outcome. Both bounds keep the cost of opening one request from
/// growing with the requester's past.
/// </summary>
public static class RequesterHistories
{
    public const int Shown = 20;
    public const int Counted = 1000;

    /// <summary>The history from the requester's listing rows other than <paramref name="requestId"/>'s, in
    /// listing order; one row past <see cref="Counted"/> only tells that the counts are not complete.</summary>
    public static RequesterHistory Of(string requester, string requestId, IReadOnlyList<RequestSummary> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var others = newestFirst.Where(s => !string.Equals(s.Id, requestId, StringComparison.Ordinal) && string.Equals(s.Requester, requester, StringComparison.Ordinal)).ToList();
        var counted = others.Take(Counted).ToList();
        var outcomes = counted.Select(Outcome).ToList();
        var counts = new RequesterHistoryCounts(
            counted.Count,
            outcomes.Count(o => o == RequesterOutcomes.Pending),
            outcomes.Count(o => o == RequesterOutcomes.Approved),
            outcomes.Count(o => o == RequesterOutcomes.Rejected),
            outcomes.Count(o => o == RequesterOutcomes.Expired),
            outcomes.Count(o => o == RequesterOutcomes.Revoked),
            counted.Count(s => s.Emergency),
            Complete: others.Count <= Counted);
        return new RequesterHistory(requester, [.. counted.Take(Shown).Select(Item)], counts);
    }

    /// <summary>What became of a request: a granted request whose window ended counts as approved, not expired,
    /// and a break-glass request rejected after the fact as rejected.</summary>
    public static string Outcome(RequestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Status switch
        {
            AccessRequestStatus.Pending => RequesterOutcomes.Pending,
            AccessRequestStatus.Approved => RequesterOutcomes.Approved,
            AccessRequestStatus.Rejected => RequesterOutcomes.Rejected,
            AccessRequestStatus.Revoked => RequesterOutcomes.Revoked,
            _ => summary.ApprovedAt is null ? RequesterOutcomes.Expired : RequesterOutcomes.Approved,
        };
    }

    private static RequesterHistoryItem Item(RequestSummary s) =>
        new(s.Id, s.AccountIds.IsDefault ? [] : s.AccountIds, s.From, s.Until, s.Status, Outcome(s), s.Emergency, s.DecidedBy.IsDefault ? [] : s.DecidedBy, s.CreatedAt);
}
