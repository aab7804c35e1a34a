using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>A request for an API token. <see cref="SessionKey"/> is the hash of the token the
/// Frontend generated; the token is shown once to the caller and never stored.</summary>
[GenerateSerializer, Immutable, Alias("kagi.NewApiToken")]
public sealed record NewApiToken(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> Roles,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string SessionKey);
