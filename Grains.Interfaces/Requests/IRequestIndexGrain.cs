using System.Collections.Immutable;
using Kagi.Requests.Workflows;

namespace Kagi.Requests;

/// <summary>
/// The tenant's list of requests, kept current by the request grains (each writes its own rows of the
/// request index table), for paged listings such as "mine" and "waiting for me". Key: the tenant id.
/// </summary>
[Alias("kagi.IRequestIndexGrain")]
public interface IRequestIndexGrain : IGrainWithStringKey
{
    /// <summary>A page of the requests the caller may see, newest first, filtered as asked.</summary>
    [Alias("Query")]
    Task<RequestPage> QueryAsync(Caller caller, RequestQuery query);

    /// <summary>The accounts <paramref name="requester"/> may hold under approved requests, as (request id,
    /// account id) pairs, to check them all in when the user is disabled. Admins only.</summary>
    [Alias("HeldUnder")]
    Task<ImmutableArray<HeldAccount>> HeldUnderAsync(Caller caller, string requester);

    /// <summary>The ids of <paramref name="requester"/>'s pending and approved requests, to revoke them when the
    /// user is deleted. Admins only.</summary>
    [Alias("OpenOf")]
    Task<ImmutableArray<string>> OpenOfAsync(Caller caller, string requester);

    /// <summary>The summaries of the given requests that the index holds (for reports).</summary>
    [Alias("Find")]
    Task<ImmutableArray<RequestSummary>> FindAsync(Caller caller, ImmutableArray<string> requestIds);
}

/// <summary>An account a user may hold checked out under one of their approved requests.</summary>
[GenerateSerializer, Immutable, Alias("kagi.HeldAccount")]
public sealed record HeldAccount([property: Id(0)] string RequestId, [property: Id(1)] string AccountId);

/// <summary>What a listing shows of a request, and who could act on it next.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RequestSummary")]
public sealed record RequestSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Requester,
    [property: Id(2)] AccessRequestStatus Status,
    [property: Id(3)] ImmutableArray<string> AccountIds,
    [property: Id(4)] DateTimeOffset From,
    [property: Id(5)] DateTimeOffset Until,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] bool Emergency)
{
    /// <summary>The step waiting for approval now (request, extension or after-the-fact), if any.</summary>
    [Id(8)] public ApproverSet? AwaitingApprovers { get; init; }

    /// <summary>People who may not approve that step: the requester and anyone who decided another step of the round.</summary>
    [Id(9)] public ImmutableArray<string> Excluded { get; init; } = [];

    /// <summary>Set when a filed report waits for approval.</summary>
    [Id(10)] public bool ReportAwaitingApproval { get; init; }

    [Id(11)] public string? Purpose { get; init; }

    /// <summary>The post-work report: not-required, due, overdue, filed or approved.</summary>
    [Id(12)] public string ReportStatus { get; init; } = ReportStatuses.NotRequired;

    /// <summary>Who decided it, in the order they did (the people, not whom a delegate stood for).</summary>
    [Id(120)] public ImmutableArray<string> DecidedBy { get; init; } = [];

    /// <summary>When access was granted (by approval, an auto-approval rule or break-glass), whatever came after.</summary>
    [Id(121)] public DateTimeOffset? ApprovedAt { get; init; }
}

/// <summary>Where a request's post-work report (作業報告) stands.</summary>
public static class ReportStatuses
{
    public const string NotRequired = "not-required";
    public const string Due = "due";
    public const string Overdue = "overdue";
    public const string Filed = "filed";
    public const string Approved = "approved";

    /// <summary>The request is not in the listing (its rows were purged), so its report cannot be told.</summary>
    public const string Unknown = "unknown";
}

[GenerateSerializer, Immutable, Alias("kagi.RequestQuery")]
public sealed record RequestQuery(
    [property: Id(0)] AccessRequestStatus? Status,
    [property: Id(1)] bool Mine,
    [property: Id(2)] bool ToApprove,
    [property: Id(3)] string? Continuation,
    [property: Id(4)] int Limit);

[GenerateSerializer, Immutable, Alias("kagi.RequestPage")]
public sealed record RequestPage(
    [property: Id(0)] ImmutableArray<RequestSummary> Items,
    [property: Id(1)] string? Continuation);
