using System.Collections.Immutable;

namespace Kagi.Requests;

/// <summary>
/// What a request's readers see of its requester's other requests in the tenant: the newest few, and counts
/// by outcome over up to <see cref="RequesterHistoryCounts.Total"/> of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.RequesterHistory")]
public sealed record RequesterHistory(
    [property: Id(0)] string Requester,
    [property: Id(1)] ImmutableArray<RequesterHistoryItem> Items,
    [property: Id(2)] RequesterHistoryCounts Counts);

/// <summary>One earlier (or parallel) request of the requester.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RequesterHistoryItem")]
public sealed record RequesterHistoryItem(
    [property: Id(0)] string Id,
    [property: Id(1)] ImmutableArray<string> AccountIds,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset Until,
    [property: Id(4)] AccessRequestStatus Status,
    [property: Id(5)] string Outcome,
    [property: Id(6)] bool Emergency,
    [property: Id(7)] ImmutableArray<string> DecidedBy,
    [property: Id(8)] DateTimeOffset CreatedAt);

/// <summary>
/// How the requester's other requests ended. Each counts under one <see cref="RequesterOutcomes"/> outcome;
/// <see cref="Emergency"/> counts break-glass requests whatever their outcome. <see cref="Complete"/> is false
/// when the requester has more requests than were counted (the newest ones are).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.RequesterHistoryCounts")]
public sealed record RequesterHistoryCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Pending,
    [property: Id(2)] int Approved,
    [property: Id(3)] int Rejected,
    [property: Id(4)] int Expired,
    [property: Id(5)] int Revoked,
    [property: Id(6)] int Emergency,
    [property: Id(7)] bool Complete);

/// <summary>
/// What became of a request, as its requester's history tells it: <c>approved</c> once access was granted
/// (also when its window has since ended), <c>expired</c> only when it lapsed undecided.
/// </summary>
public static class RequesterOutcomes
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
}
