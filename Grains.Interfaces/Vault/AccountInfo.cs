using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>An account's metadata; never its password. <see cref="Lease"/> is the first of <see cref="Leases"/>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountInfo")]
public sealed record AccountInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string TargetId,
    [property: Id(2)] string Username,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] LeaseInfo? Lease,
    [property: Id(5)] DateTimeOffset? LastRotatedAt,
    [property: Id(6)] string RotationStatus,
    [property: Id(7)] ImmutableArray<LeaseInfo> Leases,
    [property: Id(8)] AccountPolicy Policy,
    [property: Id(9)] DateTimeOffset? NextRotationAt,
    [property: Id(10)] DateTimeOffset? LastHeartbeatAt)
{
    /// <summary>Set when this is a one-time account template rather than a standing account.</summary>
    [Id(11)] public OneTimeTemplate? OneTime { get; init; }

    /// <summary>The one-time accounts created from the template that are not cleaned up yet.</summary>
    [Id(12)] public ImmutableArray<OneTimeAccountInfo> OneTimeAccounts { get; init; } = [];
}
