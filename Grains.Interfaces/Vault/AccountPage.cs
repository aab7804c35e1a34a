using System.Collections.Immutable;

namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.AccountPage")]
public sealed record AccountPage(
    [property: Id(0)] ImmutableArray<AccountSummary> Accounts,
    [property: Id(1)] string? Continuation);

[GenerateSerializer, Immutable, Alias("kagi.AccountSummary")]
public sealed record AccountSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status);
