using System.Security.Cryptography;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>A silo process with a wrong cluster setting stops at once with one line naming it (exit 2).</summary>
public sealed class ClusterSettingsRefusalTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("KAGI_ADVERTISED_ADDRESS", "0.0.0.0", "KAGI_ADVERTISED_ADDRESS is 0.0.0.0, which names no single host")]
    [InlineData("KAGI_LISTEN_ADDRESS", "192.0.2.10", "KAGI_LISTEN_ADDRESS is 192.0.2.10, which is not an address of this host")]
    [InlineData("KAGI_SILO_LISTEN_PORT", "70000", "KAGI_SILO_LISTEN_PORT is '70000'; expected a TCP port from 1 to 65535")]
    public async Task A_wrong_address_or_port_stops_an_adonet_silo_in_one_line(string name, string value, string problem)
    {
        var line = await SiloRefusalAsync(new() { [name] = value });

        Assert.StartsWith("kagi: configuration error: " + problem, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_certificate_from_another_ca_stops_the_silo_in_one_line()
    {
        using var cluster = new ClusterPki("Kagi refusal test CA");
        using var stranger = new ClusterPki("Kagi refusal stranger CA");

        var line = await SiloRefusalAsync(stranger.NodeSettings("silo", trusted: cluster));

        Assert.StartsWith("kagi: configuration error: KAGI_CLUSTER_TLS_CERT is not issued by the CA in KAGI_CLUSTER_TLS_CA", line, StringComparison.Ordinal);
    }

    private static async Task<string> SiloRefusalAsync(Dictionary<string, string> settings)
    {
        settings["KAGI_CLUSTERING"] = "adonet";
        // Never reached: settings are checked before the silo connects anywhere.
        settings["KAGI_CLUSTER_CONNECTION"] = "Host=192.0.2.1;Database=unused";
        settings["KAGI_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var silo = BuiltProcess.Start("Silo", settings);

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        return Assert.Single(silo.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
