using Kagi.Domain.Sso;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class SsoMappingTests
{
    private static readonly IdentityProviderState Provider = new("corp", "Corp", SsoKinds.Oidc)
    {
        RoleMappings = [new SsoRoleMapping("pam-admins", KagiRoles.Admin), new SsoRoleMapping("pam-approvers", KagiRoles.Approver), new SsoRoleMapping("staff", KagiRoles.User), new SsoRoleMapping("pam-admins", KagiRoles.User)],
        GroupMappings = [new SsoGroupMapping("dba-team", "dba"), new SsoGroupMapping("Ops Team", "ops")],
    };

    [Fact]
    public void Each_mapped_group_gives_its_roles_and_kagi_groups_once_and_sorted()
    {
        var (roles, groups) = SsoMapping.Map(["staff", "pam-admins", "dba-team", "Ops Team", "unmapped"], Provider);
        Assert.Equal<string>([KagiRoles.Admin, KagiRoles.User], roles);
        Assert.Equal<string>(["dba", "ops"], groups);
    }

    [Fact]
    public void Group_names_compare_exactly() =>
        Assert.Empty(SsoMapping.Map(["PAM-ADMINS", "ops team"], Provider).Roles);

    [Fact]
    public void No_mapped_group_gives_no_role() =>
        Assert.Empty(SsoMapping.Map(["everyone"], Provider).Roles);

    [Theory]
    [InlineData("Alice", "alice")]
    [InlineData("Alice@Example.com", "alice@example.com")]
    [InlineData("alice smith", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_username_claim_becomes_a_canonical_username_or_nothing(string? claim, string? expected) =>
        Assert.Equal(expected, SsoMapping.Username(claim));
}
