using Kagi.Errors;
using Kagi.Identity;

namespace Kagi.Domain.Identity;

/// <summary>
/// A tenant always keeps one enabled admin: nobody, not even an admin acting on themself, may take away the
/// last enabled admin's role, disable them or delete them, since nobody could then manage the tenant
/// (the operator can open tenants but not manage their users). Decided by whoever keeps every user of the
/// tenant, one change at a time, so two admins demoting each other at once cannot both pass.
/// </summary>
public static class AdminSeats
{
    /// <summary>Whether the entry counts as an admin who can act: holds the role and is not disabled.</summary>
    public static bool IsEnabledAdmin(DirectoryEntry? entry) =>
        entry is { Disabled: false, Roles.IsDefault: false } && entry.Roles.Contains(KagiRoles.Admin);

    /// <summary>Refuses (last-admin) when changing <paramref name="before"/> to <paramref name="after"/> (null: the
    /// user is deleted) would leave no enabled admin among <paramref name="users"/> (which includes <paramref name="before"/>).</summary>
    public static void EnsureAnotherRemains(IEnumerable<DirectoryEntry> users, DirectoryEntry before, DirectoryEntry? after)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(before);
        if (!IsEnabledAdmin(before) || IsEnabledAdmin(after))
        {
            return;
        }

        if (!users.Any(user => user.Username != before.Username && IsEnabledAdmin(user)))
        {
            throw new KagiException(ProblemCode.LastAdmin,
                $"'{before.Username}' is the tenant's last enabled admin; make another user admin first.");
        }
    }
}
