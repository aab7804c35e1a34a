using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>
/// A change to where and how Kagi tells a user things (and in which time zone). A member left null stays as it is; an empty
/// email removes the address. Users may change their own email and locale; only admins change groups.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string? Email,
    [property: Id(1)] string? Locale,
    [property: Id(2)] ImmutableArray<string>? Groups)
{
    /// <summary>The IANA time zone the user reads times in; null leaves it as it is.</summary>
    [Id(3)] public string? TimeZone { get; init; }
}
