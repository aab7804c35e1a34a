using System.Collections.Immutable;

namespace Kagi.Requests;

/// <summary>How far a round of approval has come: per step, how many approvals it has and needs.</summary>
[GenerateSerializer, Immutable, Alias("kagi.StepProgress")]
public sealed record StepProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] string Quorum,
    [property: Id(2)] int Approvals,
    [property: Id(3)] int Required,
    [property: Id(4)] bool Passed);

/// <summary>A request to move the end of an approved window; it needs every step again.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ExtensionInfo")]
public sealed record ExtensionInfo(
    [property: Id(0)] DateTimeOffset Until,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] string Status);

/// <summary>The requester's 作業報告 and its approval.</summary>
[GenerateSerializer, Immutable, Alias("kagi.PostWorkReportInfo")]
public sealed record PostWorkReportInfo(
    [property: Id(0)] string Text,
    [property: Id(1)] DateTimeOffset FiledAt,
    [property: Id(2)] string? ApprovedBy,
    [property: Id(3)] DateTimeOffset? ApprovedAt);

[GenerateSerializer, Immutable, Alias("kagi.RevocationInfo")]
public sealed record RevocationInfo(
    [property: Id(0)] string RevokedBy,
    [property: Id(1)] DateTimeOffset RevokedAt,
    [property: Id(2)] string Reason);

/// <summary>One outcome of a bulk decision.</summary>
[GenerateSerializer, Immutable, Alias("kagi.BulkDecisionOutcome")]
public sealed record BulkDecisionOutcome(
    [property: Id(0)] string RequestId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] AccessRequestInfo? Request,
    [property: Id(3)] string? Error);

/// <summary>Progress for every step of the current round.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RoundProgress")]
public sealed record RoundProgress(
    [property: Id(0)] int Round,
    [property: Id(1)] ImmutableArray<StepProgress> Steps);
