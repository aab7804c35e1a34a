namespace Kagi.Vault;

/// <summary>How a rotation attempt ended: <c>completed</c>, or <c>pending</c> with a retry time.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RotationResult")]
public sealed record RotationResult(
    [property: Id(0)] string Status,
    [property: Id(1)] DateTimeOffset? RotatedAt,
    [property: Id(2)] DateTimeOffset? NextAttemptAt);
