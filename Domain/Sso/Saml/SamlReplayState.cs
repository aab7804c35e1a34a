using System.Collections.Immutable;

namespace Kagi.Domain.Sso.Saml;

/// <summary>Assertion ids a tenant has used, each with the time after which it can no longer be accepted
/// (at most <see cref="SamlReplayCache.Capacity"/> of them).</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.SamlReplay")]
public sealed record SamlReplayState
{
    [Id(0)] public ImmutableDictionary<string, DateTimeOffset> UsedUntil { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal);
}
