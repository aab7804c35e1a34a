using System.Collections.Immutable;
using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>Persisted state of one access request.</summary>
[GenerateSerializer, Alias("kagi.state.AccessRequest")]
public sealed record AccessRequestState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string AccountId { get; init; } = "";
    [Id(2)] public string Requester { get; init; } = "";
    [Id(3)] public DateTimeOffset From { get; init; }
    [Id(4)] public DateTimeOffset Until { get; init; }
    /// <summary>The purpose.</summary>
    [Id(5)] public string Reason { get; init; } = "";
    [Id(6)] public AccessRequestStatus Status { get; init; }
    [Id(7)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The last decision taken.</summary>
    [Id(8)] public DecisionInfo? Decision { get; init; }
    [Id(9)] public ImmutableArray<RequestItem> Items { get; init; } = [];
    [Id(10)] public string? WorkContent { get; init; }
    [Id(11)] public string? TicketReference { get; init; }
    [Id(12)] public ImmutableDictionary<string, string> CustomFields { get; init; } = ImmutableDictionary<string, string>.Empty;
    [Id(13)] public string? WorkflowId { get; init; }
    /// <summary>The workflow as it was at submission; later edits do not change requests in flight.</summary>
    [Id(14)] public WorkflowDefinition Workflow { get; init; } = WorkflowRules.Default;
    [Id(15)] public ImmutableArray<DecisionInfo> Decisions { get; init; } = [];
    /// <summary>0 for the request itself (or, for emergency access, its after-the-fact approval); each extension adds one.</summary>
    [Id(16)] public int Round { get; init; }
    [Id(17)] public DateTimeOffset? ApprovedAt { get; init; }
    [Id(18)] public bool Emergency { get; init; }
    [Id(19)] public string? AutoApprovedBy { get; init; }
    [Id(20)] public ExtensionInfo? Extension { get; init; }
    [Id(21)] public RevocationInfo? Revocation { get; init; }
    [Id(22)] public PostWorkReportInfo? Report { get; init; }
    /// <summary>An undecided request expires here; default (older requests) means at <see cref="Until"/>.</summary>
    [Id(23)] public DateTimeOffset DecideBy { get; init; }
    [Id(24)] public DateTimeOffset? EscalatedAt { get; init; }
    [Id(25)] public DateTimeOffset? ReportRemindedAt { get; init; }
    [Id(26)] public bool ApprovedAfterTheFact { get; init; }
    /// <summary>When Kagi ended the leases for this request (window end, revocation, rejected emergency).</summary>
    [Id(27)] public DateTimeOffset? AccessEndedAt { get; init; }
    [Id(28)] public int ReportReminders { get; init; }
    /// <summary>When Kagi told the accounts that access began (one-time accounts are created then).</summary>
    [Id(29)] public DateTimeOffset? AccessStartedAt { get; init; }

    public ImmutableArray<RequestItem> AllItems => Items.IsDefaultOrEmpty ? [new RequestItem(AccountId, From, Until)] : Items;

    public ImmutableArray<DecisionInfo> AllDecisions => Decisions.IsDefault ? [] : Decisions;

    public bool ExtensionPending => Extension is { Status: ExtensionStatuses.Pending };

    /// <summary>Emergency access still waiting for its approval after the fact.</summary>
    public bool AwaitingAfterTheFact => Emergency && !ApprovedAfterTheFact && Status != AccessRequestStatus.Rejected && Revocation is null;

    /// <summary>A report is due when access was granted under a workflow that asks for one, and always after emergency access.</summary>
    public bool ReportRequired => ApprovedAt is not null && (Emergency || Workflow.Report.Required);

    public DateTimeOffset? ReportDueAt => ReportRequired ? (Revocation?.RevokedAt is { } revoked && revoked < Until ? revoked : Until) + Workflow.Report.DueAfter : null;
}

public static class ExtensionStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
}
