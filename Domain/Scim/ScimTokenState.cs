using System.Collections.Immutable;

namespace Kagi.Domain.Scim;

/// <summary>A tenant's SCIM tokens (at most <see cref="ScimTokenRules.MaximumTokens"/>). A revoked token is removed.</summary>
[GenerateSerializer, Alias("kagi.ScimTokenState")]
public sealed record ScimTokenState
{
    [Id(0)] public ImmutableArray<ScimTokenRecord> Tokens { get; init; } = [];
}
