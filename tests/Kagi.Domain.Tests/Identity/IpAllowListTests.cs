using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class IpAllowListTests
{
    private static IpAllowList List(string[] cidrs, params (string Role, string[] Cidrs)[] roles) => new(new IpAllowListSettings
    {
        Cidrs = [.. cidrs],
        RoleCidrs = roles.ToImmutableDictionary(r => r.Role, r => r.Cidrs.ToImmutableArray()),
    });

    [Fact]
    public void An_empty_list_allows_every_address_even_an_unknown_one()
    {
        var list = List([]);

        Assert.True(list.Allows("198.51.100.7", null));
        Assert.True(list.Allows(null, ["admin"]));
    }

    [Theory]
    [InlineData("203.0.113.0", true)]
    [InlineData("203.0.113.255", true)]
    [InlineData("203.0.114.1", false)]
    [InlineData("::ffff:203.0.113.9", true)]
    [InlineData("2001:db8:1::1", false)]
    [InlineData("not-an-ip", false)]
    public void IPv4_CIDRs_match_by_prefix(string address, bool allowed) =>
        Assert.Equal(allowed, List(["203.0.113.0/24"]).Allows(address, null));

    [Theory]
    [InlineData("2001:db8:abcd::1", true)]
    [InlineData("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:abce::1", false)]
    [InlineData("::1", false)]
    [InlineData("203.0.113.1", false)]
    public void IPv6_CIDRs_match_by_prefix(string address, bool allowed) =>
        Assert.Equal(allowed, List(["2001:db8:abcd::/48"]).Allows(address, null));

    [Fact]
    public void A_role_list_applies_on_top_of_the_tenant_list_to_holders_of_that_role()
    {
        var list = List(["10.0.0.0/8"], ("admin", ["10.1.0.0/16"]));

        Assert.True(list.Allows("10.2.0.1", ["user"]));
        Assert.False(list.Allows("10.2.0.1", ["admin"]));
        Assert.True(list.Allows("10.1.2.3", ["admin", "user"]));
        Assert.False(list.Allows("192.168.0.1", ["admin"]));
        Assert.True(list.Allows("10.2.0.1", null), "before sign-in only the tenant list applies");
    }

    [Fact]
    public void Normalizing_canonicalizes_CIDRs_and_single_addresses()
    {
        var normalized = IpAllowList.Normalize(new IpAllowListSettings { Cidrs = ["203.0.113.0/24", "2001:DB8::/32", "192.0.2.7", "192.0.2.7"] });

        Assert.Equal(["203.0.113.0/24", "2001:db8::/32", "192.0.2.7/32"], normalized.Cidrs.ToArray());
    }

    [Theory]
    [InlineData("203.0.113.0/33")]
    [InlineData("203.0.113.1/24")]
    [InlineData("nonsense")]
    [InlineData("2001:db8::/129")]
    public void Malformed_CIDRs_are_refused(string cidr) =>
        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => IpAllowList.Normalize(new IpAllowListSettings { Cidrs = [cidr] })).Code);

    [Fact]
    public void A_list_for_an_unknown_role_is_refused() =>
        Assert.Throws<KagiException>(() => IpAllowList.Normalize(new IpAllowListSettings
        {
            RoleCidrs = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("root", ["10.0.0.0/8"]),
        }));
}
