using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Immutable, Alias("kagi.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Username,
    [property: Id(2)] ImmutableArray<string> Roles,
    [property: Id(3)] DateTimeOffset ExpiresAt)
{
    /// <summary>How long the session may go unused; null for API tokens.</summary>
    [Id(4)] public TimeSpan? IdleTimeout { get; init; }

    /// <summary>What the session must do before anything else, if anything.</summary>
    [Id(5)] public SessionRestriction Restriction { get; init; }

    /// <summary>Set for API tokens: the id under which the owner lists and revokes it.</summary>
    [Id(6)] public string? ApiTokenId { get; init; }
}
