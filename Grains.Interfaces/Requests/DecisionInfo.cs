namespace Kagi.Requests;

[GenerateSerializer, Immutable, Alias("kagi.DecisionInfo")]
public sealed record DecisionInfo(
    [property: Id(0)] string DecidedBy,
    [property: Id(1)] DateTimeOffset DecidedAt,
    [property: Id(2)] bool Approved,
    [property: Id(3)] string? Comment);
