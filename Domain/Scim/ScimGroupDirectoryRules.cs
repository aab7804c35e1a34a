using Kagi.Errors;
using Kagi.Scim;

namespace Kagi.Domain.Scim;

/// <summary>
/// A SCIM client may create groups of its own (Entra ID and Okta push the groups in scope), each under a name no other
/// created group holds, since the name is the group's id; a tenant keeps a bounded number of them.
/// </summary>
public static class ScimGroupDirectoryRules
{
    public static ScimGroupDirectoryState Add(ScimGroupDirectoryState state, ScimGroupEntry entry)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(entry);
        if (state.Groups.Any(group => group.Id == entry.Id))
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"A SCIM group named '{entry.DisplayName}' exists already.");
        }

        if (state.Groups.Length >= ScimGroupLimits.MaximumCreatedGroups)
        {
            throw new KagiException(ProblemCode.Invalid, $"A tenant holds at most {ScimGroupLimits.MaximumCreatedGroups} SCIM-created groups; delete one first.");
        }

        return state with { Groups = state.Groups.Add(entry) };
    }

    /// <summary>The state without the group of that id, and whether there was one.</summary>
    public static (ScimGroupDirectoryState State, bool Removed) Remove(ScimGroupDirectoryState state, string groupId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Groups.FirstOrDefault(group => group.Id == groupId) is { } entry
            ? (state with { Groups = state.Groups.Remove(entry) }, true)
            : (state, false);
    }
}
