using System.Collections.Immutable;
using Kagi.Requests;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// A one-time account template as <c>OneTimeTemplateGrain</c> keeps it: the template, the policy its check-outs follow,
/// the leases and grants (the same <see cref="CheckoutLease"/> rules as a standing account), and the one-time accounts
/// made from it and not yet cleaned up. It has no standing password, so nothing here rotates.
/// </summary>
[GenerateSerializer, Alias("kagi.state.OneTimeTemplateGrain")]
public sealed record OneTimeTemplateState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public OneTimeTemplate? Template { get; init; }
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Each check-out gets an account of its own, so nothing is rotated on check-in.</summary>
    [Id(3)] public AccountPolicy Policy { get; init; } = AccountPolicy.Default with { RotateOnCheckin = false };
    [Id(4)] public ImmutableArray<LeaseState> Leases { get; init; } = [];
    [Id(5)] public ImmutableArray<AccessGrant> Grants { get; init; } = [];
    [Id(6)] public ImmutableArray<OneTimeInstance> Accounts { get; init; } = [];

    public ImmutableArray<LeaseState> AllLeases => Leases.IsDefault ? [] : Leases;

    public ImmutableArray<AccessGrant> AllGrants => Grants.IsDefault ? [] : Grants;

    public ImmutableArray<OneTimeInstance> AllAccounts => Accounts.IsDefault ? [] : Accounts;

    /// <summary>A template an earlier version kept in the account's own state (<see cref="AccountState.OneTime"/>), moved as it was.</summary>
    public static OneTimeTemplateState From(AccountState legacy)
    {
        ArgumentNullException.ThrowIfNull(legacy);
        return new OneTimeTemplateState
        {
            Exists = legacy.Exists,
            Template = legacy.OneTime ?? throw new ArgumentException("Only a one-time template moves.", nameof(legacy)),
            CreatedAt = legacy.CreatedAt,
            Policy = legacy.Policy,
            Leases = legacy.WithSingleLeaseFolded().AllLeases,
            Grants = legacy.AllGrants,
            Accounts = legacy.AllOneTimeAccounts,
        };
    }
}
