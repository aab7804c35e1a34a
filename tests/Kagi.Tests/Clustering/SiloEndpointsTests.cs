using System.Net;
using Kagi.Configuration;
using Kagi.Silo;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Xunit;

namespace Kagi.Tests.Clustering;

/// <summary>The silo's advertised and listen endpoints: read, checked, and applied to Orleans.</summary>
public sealed class SiloEndpointsTests
{
    [Fact]
    public void Without_address_settings_an_adonet_silo_advertises_and_listens_on_loopback_as_before()
    {
        var endpoints = Read(new() { ["SILO_PORT"] = "11112", ["GATEWAY_PORT"] = "30001" });

        Assert.Equal(new SiloEndpoints(IPAddress.Loopback, 11112, 30001, IPAddress.Loopback, 11112, 30001), endpoints);
    }

    [Fact]
    public void An_advertised_address_is_also_the_listen_address_unless_one_is_given()
    {
        var endpoints = Read(new() { ["ADVERTISED_ADDRESS"] = "127.0.0.3" });
        var options = new EndpointOptions();
        endpoints!.Apply(options);

        Assert.Equal(IPAddress.Parse("127.0.0.3"), options.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 11111), options.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 30000), options.GatewayListeningEndpoint);
    }

    [Fact]
    public void Behind_port_mapping_the_silo_listens_on_all_interfaces_and_its_own_ports_while_advertising_others()
    {
        var endpoints = Read(new()
        {
            ["ADVERTISED_ADDRESS"] = "203.0.113.7",
            ["LISTEN_ADDRESS"] = "0.0.0.0",
            ["SILO_PORT"] = "21111",
            ["GATEWAY_PORT"] = "40000",
            ["SILO_LISTEN_PORT"] = "11111",
            ["GATEWAY_LISTEN_PORT"] = "30000",
        });
        var options = new EndpointOptions();
        endpoints!.Apply(options);

        Assert.Equal((IPAddress.Parse("203.0.113.7"), 21111, 40000), (options.AdvertisedIPAddress, options.SiloPort, options.GatewayPort));
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11111), options.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 30000), options.GatewayListeningEndpoint);
    }

    [Theory]
    [InlineData("ADVERTISED_ADDRESS", "kagi-silo-1", "KAGI_ADVERTISED_ADDRESS is 'kagi-silo-1'; expected an IPv4 or IPv6 address")]
    [InlineData("ADVERTISED_ADDRESS", "0.0.0.0", "KAGI_ADVERTISED_ADDRESS is 0.0.0.0, which names no single host")]
    [InlineData("ADVERTISED_ADDRESS", "::", "KAGI_ADVERTISED_ADDRESS is ::, which names no single host")]
    [InlineData("ADVERTISED_ADDRESS", "224.0.0.5", "KAGI_ADVERTISED_ADDRESS is 224.0.0.5, which names no single host")]
    [InlineData("ADVERTISED_ADDRESS", "192.0.2.10", "KAGI_LISTEN_ADDRESS is 192.0.2.10 (from KAGI_ADVERTISED_ADDRESS), which is not an address of this host")]
    [InlineData("LISTEN_ADDRESS", "192.0.2.10", "KAGI_LISTEN_ADDRESS is 192.0.2.10, which is not an address of this host")]
    [InlineData("LISTEN_ADDRESS", "10.0.0.300", "KAGI_LISTEN_ADDRESS is '10.0.0.300'; expected an IPv4 or IPv6 address")]
    [InlineData("SILO_PORT", "0", "KAGI_SILO_PORT is '0'; expected a TCP port from 1 to 65535")]
    [InlineData("GATEWAY_LISTEN_PORT", "65536", "KAGI_GATEWAY_LISTEN_PORT is '65536'; expected a TCP port from 1 to 65535")]
    [InlineData("GATEWAY_PORT", "11111", "KAGI_GATEWAY_PORT is 11111, the same as KAGI_SILO_PORT")]
    [InlineData("SILO_LISTEN_PORT", "30000", "KAGI_GATEWAY_LISTEN_PORT is 30000, the same as the silo's listen port")]
    public void A_wrong_endpoint_setting_is_refused_in_one_line_naming_it(string name, string value, string problem)
    {
        var refusal = Assert.Throws<InvalidSettingsException>(() => Read(new() { [name] = value }));

        Assert.StartsWith("kagi: configuration error: " + problem, Assert.Single(refusal.Message.Split(Environment.NewLine)), StringComparison.Ordinal);
    }

    [Fact]
    public void Address_settings_under_localhost_clustering_are_refused_rather_than_ignored()
    {
        var refusal = Assert.Throws<InvalidSettingsException>(() => Read(new() { ["ADVERTISED_ADDRESS"] = "10.0.0.5" }, ClusteringMode.Localhost));

        Assert.StartsWith("kagi: configuration error: KAGI_ADVERTISED_ADDRESS is set but KAGI_CLUSTERING is localhost", refusal.Message, StringComparison.Ordinal);
    }

    private static SiloEndpoints? Read(Dictionary<string, string?> settings, ClusteringMode mode = ClusteringMode.AdoNet)
    {
        settings["CLUSTERING"] = mode == ClusteringMode.AdoNet ? "adonet" : "localhost";
        settings["CLUSTER_CONNECTION"] = "Host=127.0.0.1;Database=unused";
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var cluster = ClusterSettings.Read(reader, DateTimeOffset.UtcNow, listens: true);
        var endpoints = SiloEndpoints.Read(reader, cluster);
        reader.ThrowIfInvalid();
        return endpoints;
    }
}
