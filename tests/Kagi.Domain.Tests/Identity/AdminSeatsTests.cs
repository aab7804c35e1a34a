using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Identity;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class AdminSeatsTests
{
    private static DirectoryEntry User(string name, bool disabled = false, params string[] roles) =>
        new(name, [.. roles], null, "en", [], disabled);

    private static DirectoryEntry Admin(string name, bool disabled = false) => User(name, disabled, KagiRoles.Admin);

    [Fact]
    public void The_last_enabled_admin_keeps_the_admin_role()
    {
        var alice = Admin("alice");
        var users = new[] { alice, User("bob", false, KagiRoles.User) };

        var refused = Assert.Throws<KagiException>(() => AdminSeats.EnsureAnotherRemains(users, alice, User("alice", false, KagiRoles.User)));

        Assert.Equal(ProblemCode.LastAdmin, refused.Code);
    }

    [Fact]
    public void The_last_enabled_admin_is_neither_disabled_nor_deleted()
    {
        var alice = Admin("alice");
        DirectoryEntry[] users = [alice];

        Assert.Equal(ProblemCode.LastAdmin, Assert.Throws<KagiException>(() => AdminSeats.EnsureAnotherRemains(users, alice, alice with { Disabled = true })).Code);
        Assert.Equal(ProblemCode.LastAdmin, Assert.Throws<KagiException>(() => AdminSeats.EnsureAnotherRemains(users, alice, null)).Code);
    }

    [Fact]
    public void A_disabled_admin_does_not_count_as_the_other_admin()
    {
        var alice = Admin("alice");
        var users = new[] { alice, Admin("erin", disabled: true) };

        Assert.Throws<KagiException>(() => AdminSeats.EnsureAnotherRemains(users, alice, null));
    }

    [Fact]
    public void With_another_enabled_admin_an_admin_may_step_down_be_disabled_or_be_deleted()
    {
        var alice = Admin("alice");
        var users = new[] { alice, Admin("erin") };

        AdminSeats.EnsureAnotherRemains(users, alice, User("alice", false, KagiRoles.Auditor));
        AdminSeats.EnsureAnotherRemains(users, alice, alice with { Disabled = true });
        AdminSeats.EnsureAnotherRemains(users, alice, null);
    }

    [Fact]
    public void Changes_that_keep_an_admin_enabled_or_concern_no_admin_are_never_refused()
    {
        var alice = Admin("alice");
        var bob = User("bob", false, KagiRoles.User);
        DirectoryEntry[] users = [alice, bob];

        AdminSeats.EnsureAnotherRemains(users, alice, User("alice", false, KagiRoles.Admin, KagiRoles.Approver));
        AdminSeats.EnsureAnotherRemains(users, bob, null);
        AdminSeats.EnsureAnotherRemains([Admin("zed", disabled: true)], Admin("zed", disabled: true), null);
    }
}
