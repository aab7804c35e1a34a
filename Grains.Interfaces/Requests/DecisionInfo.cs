namespace Kagi.Requests;

/// <summary>
/// One approver's decision. <see cref="OnBehalfOf"/> names the approver whose delegation let
/// <see cref="DecidedBy"/> decide; <see cref="Step"/> and <see cref="Round"/> say what it counted
/// for (round 0 is the request itself, each extension is a further round).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.DecisionInfo")]
public sealed record DecisionInfo(
    [property: Id(0)] string DecidedBy,
    [property: Id(1)] DateTimeOffset DecidedAt,
    [property: Id(2)] bool Approved,
    [property: Id(3)] string? Comment)
{
    [Id(4)] public string? OnBehalfOf { get; init; }

    [Id(5)] public int Step { get; init; }

    [Id(6)] public int Round { get; init; }

    /// <summary>The person whose approval this counts as.</summary>
    public string Principal => OnBehalfOf ?? DecidedBy;
}
