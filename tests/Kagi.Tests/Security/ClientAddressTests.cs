using System.Net;
using Kagi.Frontend.Security;
using Xunit;

namespace Kagi.Tests.Security;

public sealed class ClientAddressTests
{
    private static readonly IPNetwork[] Proxies = [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")];

    private static string? Resolve(string peer, string? forwardedFor) =>
        ClientAddress.Resolve(IPAddress.Parse(peer), forwardedFor, Proxies)?.ToString();

    [Fact]
    public void Without_a_trusted_proxy_the_header_is_ignored() =>
        Assert.Equal("198.51.100.7", Resolve("198.51.100.7", "203.0.113.1"));

    [Fact]
    public void A_trusted_proxy_s_header_names_the_client() =>
        Assert.Equal("203.0.113.1", Resolve("10.1.1.1", "203.0.113.1"));

    [Fact]
    public void Only_the_hops_added_by_trusted_proxies_are_believed() =>
        // The client claims to be 192.0.2.1, but 203.0.113.1 (not a proxy of ours) is who reached our proxy.
        Assert.Equal("203.0.113.1", Resolve("10.1.1.1", "192.0.2.1, 203.0.113.1, 10.2.2.2"));

    [Fact]
    public void IPv6_clients_and_proxies_are_resolved() =>
        Assert.Equal("2001:db8::5", Resolve("fd00::1", "2001:db8::5"));

    [Fact]
    public void A_malformed_hop_stops_the_walk_at_the_last_trusted_proxy() =>
        Assert.Equal("10.2.2.2", Resolve("10.1.1.1", "garbage, 10.2.2.2"));

    [Fact]
    public void IPv4_mapped_peers_count_as_IPv4() =>
        Assert.Equal("203.0.113.1", Resolve("::ffff:10.1.1.1", "203.0.113.1"));
}
