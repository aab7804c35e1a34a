using System.Collections.Immutable;
using Kagi.Sso;

namespace Kagi.Scim;

/// <summary>
/// SCIM groups are the identity-provider groups the tenant's SSO mappings name (role and Kagi-group mappings of all its
/// providers, so the groups a SCIM client pushes mean what the same groups mean at SSO sign-in). A user's roles are
/// what their groups map to; a user whose groups map to no role is still a Kagi user, with the base role
/// <see cref="KagiRoles.User"/> (may ask for access, nothing more), since the client provisioned them on purpose.
/// </summary>
public sealed class ScimGroupMapping(ImmutableArray<SsoRoleMapping> roleMappings, ImmutableArray<SsoGroupMapping> groupMappings)
{
    public static ScimGroupMapping Of(IEnumerable<IdentityProviderView> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var list = providers.ToList();
        return new([.. list.SelectMany(p => p.RoleMappings)], [.. list.SelectMany(p => p.GroupMappings)]);
    }

    /// <summary>The groups a SCIM client may see and change, in ordinal order.</summary>
    public ImmutableArray<string> Groups =>
        [.. roleMappings.Select(m => m.Group).Concat(groupMappings.Select(m => m.IdpGroup)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public bool Knows(string group) => Groups.Contains(group, StringComparer.Ordinal);

    public (ImmutableArray<string> Roles, ImmutableArray<string> Groups) Map(IEnumerable<string> scimGroups)
    {
        ArgumentNullException.ThrowIfNull(scimGroups);
        var member = scimGroups.ToHashSet(StringComparer.Ordinal);
        var roles = roleMappings.Where(m => member.Contains(m.Group)).Select(m => m.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var groups = groupMappings.Where(m => member.Contains(m.IdpGroup)).Select(m => m.KagiGroup).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        return (roles.IsEmpty ? [KagiRoles.User] : roles, groups);
    }
}
