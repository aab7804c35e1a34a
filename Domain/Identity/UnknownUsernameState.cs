using System.Collections.Immutable;

namespace Kagi.Domain.Identity;

/// <summary>Lockouts of usernames that have no user in the tenant, at most
/// <see cref="UnknownUsernameLockouts.Capacity"/> of them.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.UnknownUsernames")]
public sealed record UnknownUsernameState
{
    [Id(0)] public ImmutableArray<UnknownUsernameEntry> Entries { get; init; } = [];
}

/// <summary>One unknown username (hashed: it may be a mistyped password) with the lockout a real user would have.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.UnknownUsername")]
public sealed record UnknownUsernameEntry(
    [property: Id(0)] string UsernameHash,
    [property: Id(1)] LockoutState Lockout,
    [property: Id(2)] DateTimeOffset LastFailure);
