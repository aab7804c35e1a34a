using System.Net;
using Kagi.Domain.Egress;
using Xunit;

namespace Kagi.Tests.Domain.Egress;

/// <summary>Which resolved addresses Kagi connects to on a tenant's behalf.</summary>
public sealed class EgressPolicyTests
{
    private static EgressPolicy Allowing(string list, params string[] kagiEndpoints) =>
        new(EgressAllowance.Parse(list, out _)!, [.. kagiEndpoints.Select(IPEndPoint.Parse)]);

    private static bool Allowed(EgressPolicy policy, string address, int port = 5432) => policy.Decide(IPAddress.Parse(address), port).Allowed;

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.45.6.7", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fe80::1%2", "link-local")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.20.0.1", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("fd00:ec2::254", "private")]
    [InlineData("100.100.100.200", "shared")]
    [InlineData("::7f00:1", "IPv4-compatible")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("240.0.0.1", "reserved")]
    public void Special_addresses_are_refused_by_default_and_named_for_the_operator(string address, string reason)
    {
        var verdict = EgressPolicy.Default.Decide(IPAddress.Parse(address), 443);

        Assert.False(verdict.Allowed);
        Assert.Equal(reason, verdict.Reason);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    public void Public_addresses_are_allowed(string address) => Assert.True(Allowed(EgressPolicy.Default, address));

    [Fact]
    public void An_allowed_network_opens_that_part_of_a_special_range_only()
    {
        var policy = Allowing("10.1.0.0/16, 127.0.0.0/8 ::1/128");

        Assert.True(Allowed(policy, "10.1.200.3"));
        Assert.False(Allowed(policy, "10.2.0.1"));
        Assert.True(Allowed(policy, "127.0.0.1"));
        Assert.True(Allowed(policy, "::ffff:127.0.0.1"));
        Assert.True(Allowed(policy, "::1"));
        Assert.False(Allowed(policy, "169.254.169.254"));
    }

    [Fact]
    public void A_network_wider_than_a_special_range_opens_nothing_in_it()
    {
        var policy = Allowing("0.0.0.0/0 ::/0 160.0.0.0/4");

        Assert.False(Allowed(policy, "169.254.169.254"));
        Assert.False(Allowed(policy, "10.0.0.1"));
        Assert.False(Allowed(policy, "fe80::1"));
        Assert.False(Allowed(policy, "::1"));
    }

    [Fact]
    public void Metadata_is_reachable_only_when_the_operator_names_link_local()
    {
        Assert.True(Allowed(Allowing("169.254.169.254/32"), "169.254.169.254", 80));
        Assert.False(Allowed(Allowing("169.254.169.254/32"), "169.254.169.253", 80));
    }

    [Fact]
    public void No_allowance_opens_unspecified_or_multicast()
    {
        var policy = Allowing("0.0.0.0/8 224.0.0.0/4 ::/128 0.0.0.0:5432");

        Assert.False(Allowed(policy, "0.0.0.0"));
        Assert.False(Allowed(policy, "224.0.0.1"));
        Assert.False(Allowed(policy, "::"));
    }

    [Fact]
    public void Kagis_own_endpoints_are_refused_even_inside_an_allowed_network()
    {
        var policy = Allowing("127.0.0.0/8", "127.0.0.1:10002", "127.0.0.1:30000");

        Assert.False(Allowed(policy, "127.0.0.1", 10002));
        Assert.False(Allowed(policy, "::ffff:127.0.0.1", 30000));
        Assert.Equal("one of Kagi's own endpoints", policy.Decide(IPAddress.Loopback, 10002).Reason);
        Assert.True(Allowed(policy, "127.0.0.1", 10003));
    }

    [Fact]
    public void Kagis_own_public_endpoint_is_refused_without_any_allowance()
    {
        var policy = Allowing("", "203.0.113.9:5432");

        Assert.False(Allowed(policy, "203.0.113.9", 5432));
        Assert.True(Allowed(policy, "203.0.113.9", 5433));
    }

    [Fact]
    public void Only_an_allowance_naming_the_exact_endpoint_opens_one_of_Kagis_own()
    {
        var policy = Allowing("127.0.0.0/8 127.0.0.1:5432", "127.0.0.1:5432", "127.0.0.1:10002");

        Assert.True(Allowed(policy, "127.0.0.1", 5432));
        Assert.False(Allowed(policy, "127.0.0.1", 10002));
    }

    [Fact]
    public void An_endpoint_allowance_opens_only_its_port()
    {
        var policy = Allowing("[::1]:5432 192.168.5.5:22");

        Assert.True(Allowed(policy, "::1", 5432));
        Assert.False(Allowed(policy, "::1", 5433));
        Assert.True(Allowed(policy, "192.168.5.5", 22));
        Assert.False(Allowed(policy, "192.168.5.5", 23));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("localhost")]
    [InlineData("10.0.0.1")]
    [InlineData("::1:5432")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    public void Malformed_allowances_are_refused_with_the_entry_named(string entry)
    {
        Assert.Null(EgressAllowance.Parse("10.0.0.0/8," + entry, out var problem));
        Assert.Contains($"'{entry}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Ports_outside_the_tcp_range_are_refused() => Assert.False(Allowed(EgressPolicy.Default, "93.184.216.34", 0));
}
