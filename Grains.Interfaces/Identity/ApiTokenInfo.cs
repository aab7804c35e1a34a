using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>An API token as its owner lists it: never the token itself.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ApiTokenInfo")]
public sealed record ApiTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Roles,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt);
