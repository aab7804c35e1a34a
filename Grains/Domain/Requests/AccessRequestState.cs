using Kagi.Requests;

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
    [Id(5)] public string Reason { get; init; } = "";
    [Id(6)] public AccessRequestStatus Status { get; init; }
    [Id(7)] public DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public DecisionInfo? Decision { get; init; }
}
