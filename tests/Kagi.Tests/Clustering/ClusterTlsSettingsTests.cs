using Kagi.Configuration;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Kagi.Tests.Clustering;

/// <summary>Cluster TLS settings: off unless configured, checked at start, and the CA as the only trust.</summary>
public sealed class ClusterTlsSettingsTests : IDisposable
{
    private readonly ClusterPki _cluster = new("Kagi cluster settings test CA");
    private readonly ClusterPki _stranger = new("Kagi stranger CA");

    [Fact]
    public void Without_the_three_files_the_cluster_runs_without_tls()
    {
        Assert.Null(Read([]).Tls);
    }

    [Fact]
    public void A_node_trusts_peers_from_its_ca_and_no_one_else()
    {
        var tls = Read(_cluster.NodeSettings("silo-1")).Tls!;
        using var peer = _cluster.IssueNode("silo-2");
        using var stranger = _stranger.IssueNode("silo-2");

        Assert.True(tls.Trusts(peer));
        Assert.False(tls.Trusts(stranger));
    }

    [Fact]
    public void A_certificate_the_configured_ca_did_not_issue_stops_the_node_in_one_line()
    {
        var line = Refusal(_stranger.NodeSettings("silo-1", trusted: _cluster));

        Assert.StartsWith("kagi: configuration error: KAGI_CLUSTER_TLS_CERT is not issued by the CA in KAGI_CLUSTER_TLS_CA", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_only_certificate_is_enough_for_a_frontend_but_not_for_a_silo()
    {
        var settings = _cluster.NodeSettings("frontend-1", serves: false);

        Assert.NotNull(Read(settings, listens: false).Tls);
        Assert.StartsWith("kagi: configuration error: KAGI_CLUSTER_TLS_CERT does not allow both TLS server and client authentication", Refusal(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void Some_but_not_all_three_files_are_refused_naming_what_is_missing()
    {
        var settings = _cluster.NodeSettings("silo-1");
        settings.Remove("KAGI_CLUSTER_TLS_CA");

        Assert.StartsWith("kagi: configuration error: KAGI_CLUSTER_TLS_CA is missing; cluster TLS needs KAGI_CLUSTER_TLS_CA", Refusal(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused_without_showing_it()
    {
        var settings = _cluster.NodeSettings("silo-1");
        settings["KAGI_CLUSTER_TLS_KEY"] = _cluster.NodeSettings("silo-2")["KAGI_CLUSTER_TLS_KEY"];

        var line = Refusal(settings);

        Assert.StartsWith("kagi: configuration error: KAGI_CLUSTER_TLS_KEY is not the unencrypted PEM private key of the certificate in KAGI_CLUSTER_TLS_CERT", line, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(settings["KAGI_CLUSTER_TLS_KEY"])[1], line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _stranger.Dispose();
    }

    private static string Refusal(Dictionary<string, string> settings)
    {
        var refusal = Assert.Throws<InvalidSettingsException>(() => Read(settings));
        return Assert.Single(refusal.Message.Split(Environment.NewLine));
    }

    private static ClusterSettings Read(Dictionary<string, string> settings, bool listens = true)
    {
        // The environment's names, as the processes read them (KAGI_ prefix removed).
        var values = settings.ToDictionary(s => s.Key[SettingsReader.EnvironmentPrefix.Length..], s => (string?)s.Value);
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var cluster = ClusterSettings.Read(reader, DateTimeOffset.UtcNow, listens);
        reader.ThrowIfInvalid();
        return cluster;
    }
}
