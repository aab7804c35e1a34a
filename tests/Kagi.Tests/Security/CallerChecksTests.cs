using Kagi.Errors;
using Kagi.Hosting;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>The three caller checks grains use: tenant member, admin, and Kagi itself.</summary>
public sealed class CallerChecksTests
{
    private static readonly Caller Admin = new("acme", "zoe", [KagiRoles.Admin], null);
    private static readonly Caller User = new("acme", "alice", [KagiRoles.User, KagiRoles.Approver, KagiRoles.Auditor], null);

    private static ProblemCode? Refusal(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (KagiException e)
        {
            return e.Code;
        }
    }

    [Fact]
    public void Kagi_itself_holds_no_role_and_no_role_makes_a_caller_Kagi()
    {
        Assert.True(Caller.System("acme").Roles.IsEmpty);
        Assert.False(Admin.IsSystem);
        Assert.False((Admin with { Roles = [.. KagiRoles.All] }).IsSystem);
        Assert.Equal(ProblemCode.Forbidden, Refusal(() => TenantGuard.EnsureSystem(Admin with { Roles = [.. KagiRoles.All] }, "acme")));
        Assert.Null(Refusal(() => TenantGuard.EnsureSystem(Caller.System("acme"), "acme")));
    }

    [Fact]
    public void Admin_checks_pass_admins_and_Kagi_and_forbid_everyone_else()
    {
        Assert.Null(Refusal(() => TenantGuard.EnsureAdmin(Admin, "acme")));
        Assert.Null(Refusal(() => TenantGuard.EnsureAdmin(Caller.System("acme"), "acme")));
        Assert.Equal(ProblemCode.Forbidden, Refusal(() => TenantGuard.EnsureAdmin(User, "acme")));
    }

    [Fact]
    public void Every_check_answers_not_found_to_another_tenant_even_Kagi_of_that_tenant()
    {
        foreach (var caller in new[] { Admin, User, Caller.System("acme") })
        {
            Assert.Equal(ProblemCode.NotFound, Refusal(() => TenantGuard.Ensure(caller, "globex")));
            Assert.Equal(ProblemCode.NotFound, Refusal(() => TenantGuard.EnsureAdmin(caller, "globex")));
            Assert.Equal(ProblemCode.NotFound, Refusal(() => TenantGuard.EnsureSystem(caller, "globex")));
        }

        Assert.Null(Refusal(() => TenantGuard.Ensure(User, "acme")));
    }
}
