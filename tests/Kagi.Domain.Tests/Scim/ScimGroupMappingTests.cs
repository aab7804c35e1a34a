using Kagi.Scim;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Scim;

public sealed class ScimGroupMappingTests
{
    private static readonly ScimGroupMapping Mapping = new(
        [new SsoRoleMapping("pam-approvers", KagiRoles.Approver), new SsoRoleMapping("pam-admins", KagiRoles.Admin)],
        [new SsoGroupMapping("pam-approvers", "approvers-db"), new SsoGroupMapping("Team DB", "db")]);

    [Fact]
    public void Groups_map_to_their_roles_and_kagi_groups()
    {
        var (roles, groups) = Mapping.Map(["pam-approvers", "Team DB", "unmapped"]);

        Assert.Equal([KagiRoles.Approver], roles.ToArray());
        Assert.Equal(["approvers-db", "db"], groups.ToArray());
    }

    [Fact]
    public void A_user_whose_groups_map_to_no_role_keeps_the_base_role()
    {
        var (roles, groups) = Mapping.Map(["Team DB"]);

        Assert.Equal([KagiRoles.User], roles.ToArray());
        Assert.Equal(["db"], groups.ToArray());
    }

    [Fact]
    public void Group_names_compare_exactly_as_the_sso_mappings_do()
    {
        Assert.Equal([KagiRoles.User], Mapping.Map(["PAM-ADMINS"]).Roles.ToArray());
        Assert.True(Mapping.Knows("Team DB"));
        Assert.False(Mapping.Knows("team db"));
    }

    [Fact]
    public void The_scim_groups_are_every_group_a_mapping_names_once()
    {
        Assert.Equal(["Team DB", "pam-admins", "pam-approvers"], Mapping.Groups.ToArray());
    }
}
