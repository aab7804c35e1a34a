using System.Collections.Immutable;

namespace Kagi.Frontend.Console.Pages.Admin;

/// <summary>The roles ticked in a form, one box a role.</summary>
public sealed class RoleSet
{
    public bool Admin { get; set; }

    public bool Approver { get; set; }

    public bool User { get; set; }

    public bool Auditor { get; set; }

    public ImmutableArray<string> Chosen => [.. new[]
    {
        (Admin, KagiRoles.Admin), (Approver, KagiRoles.Approver), (User, KagiRoles.User), (Auditor, KagiRoles.Auditor),
    }.Where(role => role.Item1).Select(role => role.Item2)];

    public static RoleSet Of(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return new RoleSet
        {
            Admin = set.Contains(KagiRoles.Admin), Approver = set.Contains(KagiRoles.Approver),
            User = set.Contains(KagiRoles.User), Auditor = set.Contains(KagiRoles.Auditor),
        };
    }
}
