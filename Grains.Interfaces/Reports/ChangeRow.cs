namespace Kagi.Reports;

/// <summary>One change in the account-changes or user-changes report.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ChangeRow")]
public sealed record ChangeRow(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string? Subject,
    [property: Id(5)] string Result,
    [property: Id(6)] string? IpAddress,
    [property: Id(7)] string? Detail);
