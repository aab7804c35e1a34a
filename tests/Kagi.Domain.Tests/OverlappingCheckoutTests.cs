using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class OverlappingCheckoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static AccessRequestInfo Approved(string id, string requester) =>
        new(id, "db", requester, Now.AddHours(-1), Now.AddHours(2), "work", AccessRequestStatus.Approved, Now.AddHours(-2), null);

    [Fact]
    public void Two_people_hold_an_account_at_once_only_when_overlap_is_allowed()
    {
        var (leases, _) = CheckoutLease.Grant([], allowOverlap: true, "db", Approved("r1", "bob"), "bob", Now);

        var (both, second) = CheckoutLease.Grant(leases, allowOverlap: true, "db", Approved("r2", "erin"), "erin", Now);
        var refused = Assert.Throws<KagiException>(() => CheckoutLease.Grant(leases, allowOverlap: false, "db", Approved("r2", "erin"), "erin", Now));

        Assert.Equal(2, both.Length);
        Assert.Equal("erin", second.Holder);
        Assert.Equal(ProblemCode.CheckedOut, refused.Code);
    }

    [Fact]
    public void Checking_in_returns_only_the_callers_lease_and_an_admin_returns_all()
    {
        var (one, _) = CheckoutLease.Grant([], true, "db", Approved("r1", "bob"), "bob", Now);
        var (two, _) = CheckoutLease.Grant(one, true, "db", Approved("r2", "erin"), "erin", Now);

        var (remaining, released) = CheckoutLease.Release(two, "bob", callerIsAdmin: false);
        var (none, all) = CheckoutLease.Release(two, "alice", callerIsAdmin: true);

        Assert.Equal("erin", Assert.Single(remaining).Holder);
        Assert.Equal("bob", Assert.Single(released).Holder);
        Assert.Empty(none);
        Assert.Equal(2, all.Length);
        Assert.Equal(ProblemCode.Forbidden, Assert.Throws<KagiException>(() => CheckoutLease.Release(two, "mallory", false)).Code);
    }

    [Fact]
    public void Expired_leases_are_dropped_when_a_new_one_is_granted()
    {
        var stale = new LeaseState("r0", "carol", Now.AddHours(-3), Now.AddMinutes(-1));

        var (leases, granted) = CheckoutLease.Grant([stale], allowOverlap: false, "db", Approved("r1", "bob"), "bob", Now);

        Assert.Equal(granted, Assert.Single(leases));
    }
}
