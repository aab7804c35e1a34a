using System.Collections.Immutable;
using Kagi.Sso;

namespace Kagi.Domain.Sso;

/// <summary>
/// Turns the groups an identity provider reports into Kagi roles and groups, by the provider's mappings only: an IdP
/// group that no mapping names gives nothing. Group names compare exactly (IdPs such as Entra ID send object ids).
/// </summary>
public static class SsoMapping
{
    /// <summary>IdP groups read from a token are bounded, so a huge claim costs nothing further.</summary>
    public const int MaximumIdpGroups = 500;

    public static (ImmutableArray<string> Roles, ImmutableArray<string> Groups) Map(IEnumerable<string> idpGroups, IdentityProviderState provider)
    {
        ArgumentNullException.ThrowIfNull(idpGroups);
        ArgumentNullException.ThrowIfNull(provider);
        var member = idpGroups.Take(MaximumIdpGroups).ToHashSet(StringComparer.Ordinal);
        var roles = provider.RoleMappings.Where(m => member.Contains(m.Group)).Select(m => m.Role)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var groups = provider.GroupMappings.Where(m => member.Contains(m.IdpGroup)).Select(m => m.KagiGroup)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        return (roles, groups);
    }

    /// <summary>The Kagi username a claim value names: canonical (case folded), or null when it is no valid username.</summary>
    public static string? Username(string? claimValue) => Identifiers.Canonicalize(claimValue?.Trim());
}
