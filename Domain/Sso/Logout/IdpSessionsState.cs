using System.Collections.Immutable;

namespace Kagi.Domain.Sso.Logout;

/// <summary>The Kagi sessions one provider session (or one provider subject) signed in to, while they may still be valid.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.IdpSessions")]
public sealed record IdpSessionsState
{
    [Id(0)] public ImmutableArray<IdpSessionEntry> Sessions { get; init; } = [];
}

/// <summary>A Kagi session (the key of its session grain, never the token), whose it is and when it ends at the latest.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.IdpSessionEntry")]
public sealed record IdpSessionEntry(
    [property: Id(0)] string SessionKey,
    [property: Id(1)] string Username,
    [property: Id(2)] DateTimeOffset ExpiresAt);
