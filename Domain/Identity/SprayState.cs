using System.Collections.Immutable;

namespace Kagi.Domain.Identity;

/// <summary>Recent failed sign-ins from one source, and its block.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.Spray")]
public sealed record SprayState
{
    [Id(0)] public ImmutableArray<SprayFailure> Failures { get; init; } = [];

    [Id(1)] public DateTimeOffset? BlockedUntil { get; init; }
}

/// <summary>One failure: when, and which username (hashed: this state is about a source, not people).</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.SprayFailure")]
public sealed record SprayFailure([property: Id(0)] DateTimeOffset Time, [property: Id(1)] string UsernameHash);
