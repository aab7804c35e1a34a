using System.Collections.Immutable;

namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.AccountPage")]
public sealed record AccountPage(
    [property: Id(0)] ImmutableArray<AccountSummary> Accounts,
    [property: Id(1)] string? Continuation);

/// <summary>An account as the tenant's inventory lists it; the account reports it after each change.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountSummary")]
public sealed record AccountSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status)
{
    [Id(2)] public string? TargetId { get; init; }

    /// <summary>The login on the target (a one-time template: its name pattern).</summary>
    [Id(3)] public string? Username { get; init; }

    /// <summary>When the last live lease ends; null when nobody holds the account.</summary>
    [Id(4)] public DateTimeOffset? CheckedOutUntil { get; init; }
}
