using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

[GenerateSerializer, Alias("kagi.state.Account")]
public sealed record AccountState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string TargetId { get; init; } = "";
    [Id(2)] public string Username { get; init; } = "";

    /// <summary>The password the target accepts, sealed.</summary>
    [Id(3)] public byte[] CurrentSecret { get; init; } = [];

    /// <summary>The password before the last rotation, sealed; kept for recovery.</summary>
    [Id(4)] public byte[]? PreviousSecret { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Superseded by <see cref="Leases"/>; read once and moved there.</summary>
    [Id(6)] public LeaseState? Lease { get; init; }
    [Id(7)] public RotationState Rotation { get; init; } = RotationState.Idle;
    [Id(8)] public AccountPolicy Policy { get; init; } = AccountPolicy.Default;
    [Id(9)] public ImmutableArray<LeaseState> Leases { get; init; } = [];
    [Id(10)] public ImmutableArray<RotationHistoryEntry> History { get; init; } = [];
    [Id(11)] public DateTimeOffset? LastHeartbeatAt { get; init; }

    /// <summary>Set for a one-time account template; <see cref="Username"/> is then its prefix and there is no current password.</summary>
    [Id(12)] public OneTimeTemplate? OneTime { get; init; }

    /// <summary>Accounts created from the one-time template and not yet cleaned up.</summary>
    [Id(13)] public ImmutableArray<OneTimeInstance> OneTimeAccounts { get; init; } = [];

    /// <summary>A turn reserved on the target's pacing (<see cref="TargetPacing"/>): work on the target waits until then.</summary>
    [Id(14)] public DateTimeOffset? TargetSlot { get; init; }

    /// <summary>What the requests that name this account last said of it (<see cref="CheckoutLease.Receive"/>).</summary>
    [Id(15)] public ImmutableArray<Kagi.Requests.AccessGrant> Grants { get; init; } = [];

    public ImmutableArray<Kagi.Requests.AccessGrant> AllGrants => Grants.IsDefault ? [] : Grants;

    public ImmutableArray<OneTimeInstance> AllOneTimeAccounts => OneTimeAccounts.IsDefault ? [] : OneTimeAccounts;

    /// <summary>Leases with the superseded single lease folded in.</summary>
    public ImmutableArray<LeaseState> AllLeases =>
        Lease is null ? (Leases.IsDefault ? [] : Leases) : [.. (Leases.IsDefault ? [] : Leases), Lease];
}
