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

    /// <summary>Superseded by <see cref="Leases"/>: read only to fold a lease stored by an earlier version into them
    /// (<see cref="WithSingleLeaseFolded"/>, on activation). Never written; Id 6 stays reserved.</summary>
    [Id(6)] public LeaseState? Lease { get; init; }
    [Id(7)] public RotationState Rotation { get; init; } = RotationState.Idle;
    [Id(8)] public AccountPolicy Policy { get; init; } = AccountPolicy.Default;
    [Id(9)] public ImmutableArray<LeaseState> Leases { get; init; } = [];
    [Id(10)] public ImmutableArray<RotationHistoryEntry> History { get; init; } = [];
    [Id(11)] public DateTimeOffset? LastHeartbeatAt { get; init; }

    /// <summary>A one-time template as an earlier version stored it here; read only to move it to its own grain
    /// (<see cref="OneTimeTemplateState.From"/>, on activation). Never written; Id 12 stays reserved.</summary>
    [Id(12)] public OneTimeTemplate? OneTime { get; init; }

    /// <summary>The accounts of such a template, moved with it. Never written; Id 13 stays reserved.</summary>
    [Id(13)] public ImmutableArray<OneTimeInstance> OneTimeAccounts { get; init; } = [];

    /// <summary>A turn reserved on the target's pacing (<see cref="TargetPacing"/>): work on the target waits until then.</summary>
    [Id(14)] public DateTimeOffset? TargetSlot { get; init; }

    /// <summary>What the requests that name this account last said of it (<see cref="CheckoutLease.Receive"/>).</summary>
    [Id(15)] public ImmutableArray<Kagi.Requests.AccessGrant> Grants { get; init; } = [];

    /// <summary>The id names a one-time template, kept by <c>OneTimeTemplateGrain</c> under the same key; nothing
    /// else of this state is used then.</summary>
    [Id(16)] public bool IsOneTimeTemplate { get; init; }

    public ImmutableArray<Kagi.Requests.AccessGrant> AllGrants => Grants.IsDefault ? [] : Grants;

    public ImmutableArray<OneTimeInstance> AllOneTimeAccounts => OneTimeAccounts.IsDefault ? [] : OneTimeAccounts;

    public ImmutableArray<LeaseState> AllLeases => Leases.IsDefault ? [] : Leases;

    /// <summary>The state with a lease stored by an earlier version (<see cref="Lease"/>) joined to <see cref="Leases"/>.</summary>
    public AccountState WithSingleLeaseFolded() => Lease is null ? this : this with { Lease = null, Leases = [.. AllLeases, Lease] };
}
