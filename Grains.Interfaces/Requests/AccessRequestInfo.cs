using System.Collections.Immutable;

namespace Kagi.Requests;

/// <summary>
/// A request as people see it. <see cref="AccountId"/>, <see cref="From"/> and <see cref="Until"/>
/// summarise <see cref="Items"/> (first account, earliest start, latest end).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AccessRequestInfo")]
public sealed record AccessRequestInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string Requester,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset Until,
    [property: Id(5)] string Reason,
    [property: Id(6)] AccessRequestStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DecisionInfo? Decision)
{
    [Id(9)] public ImmutableArray<RequestItem> Items { get; init; } = [];

    [Id(10)] public string? WorkContent { get; init; }

    [Id(11)] public string? TicketReference { get; init; }

    [Id(12)] public ImmutableDictionary<string, string> CustomFields { get; init; } = ImmutableDictionary<string, string>.Empty;

    [Id(13)] public string? WorkflowId { get; init; }

    [Id(14)] public ImmutableArray<DecisionInfo> Decisions { get; init; } = [];

    [Id(15)] public RoundProgress? Progress { get; init; }

    [Id(16)] public bool Emergency { get; init; }

    /// <summary>The auto-approval rule that approved it, if one did.</summary>
    [Id(17)] public string? AutoApprovedBy { get; init; }

    [Id(18)] public DateTimeOffset? ApprovedAt { get; init; }

    [Id(19)] public ExtensionInfo? Extension { get; init; }

    [Id(20)] public RevocationInfo? Revocation { get; init; }

    [Id(21)] public PostWorkReportInfo? Report { get; init; }

    /// <summary>When the post-work report is due; null when none is required.</summary>
    [Id(22)] public DateTimeOffset? ReportDueAt { get; init; }

    /// <summary>For emergency access: whether the after-the-fact approval has been given.</summary>
    [Id(23)] public bool ApprovedAfterTheFact { get; init; }

    /// <summary>When an undecided request expires.</summary>
    [Id(24)] public DateTimeOffset? DecideBy { get; init; }

    /// <summary>The window for <paramref name="accountId"/>, or null when the request does not cover it.</summary>
    public RequestItem? ItemFor(string accountId) =>
        Items.IsDefaultOrEmpty
            ? (AccountId == accountId ? new RequestItem(AccountId, From, Until) : null)
            : Items.FirstOrDefault(item => item.AccountId == accountId);
}
