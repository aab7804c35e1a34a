using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>The outcome of scanning a target and comparing it with the vault.</summary>
[GenerateSerializer, Immutable, Alias("kagi.DiscoveryReport")]
public sealed record DiscoveryReport(
    [property: Id(0)] string TargetId,
    [property: Id(1)] DateTimeOffset ScannedAt,
    [property: Id(2)] ImmutableArray<DiscoveredEntry> Accounts);

/// <summary>One account: managed, unmanaged (on the target only) or missing (in the vault only).</summary>
[GenerateSerializer, Immutable, Alias("kagi.DiscoveredEntry")]
public sealed record DiscoveredEntry(
    [property: Id(0)] string Username,
    [property: Id(1)] string? AccountId,
    [property: Id(2)] string Status,
    [property: Id(3)] bool CanLogIn,
    [property: Id(4)] string? Detail);

