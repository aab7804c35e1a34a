namespace Kagi.Vault;

/// <summary>An account's metadata; never its password.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountInfo")]
public sealed record AccountInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string TargetId,
    [property: Id(2)] string Username,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] LeaseInfo? Lease,
    [property: Id(5)] DateTimeOffset? LastRotatedAt,
    [property: Id(6)] string RotationStatus);
