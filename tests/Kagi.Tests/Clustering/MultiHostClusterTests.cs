using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Kagi.Configuration;
using Kagi.Frontend.Hosting;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Xunit;

namespace Kagi.Tests.Clustering;

// The stranger silo's attempt leaves rows in the membership table: it goes last.
[Collection(MultiHostClusterGroup.Name)]
[TestCaseOrderer(DeclarationOrder.TypeName, DeclarationOrder.AssemblyName)]
public sealed class MultiHostClusterTests(MultiHostCluster cluster)
{
    private static readonly string[] UserRole = ["user"];

    [Fact]
    public async Task Three_silos_on_their_own_addresses_are_active_and_serve_the_api_through_a_frontend_on_a_fourth()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var active = (await cluster.MembershipAsync()).Where(m => m.Status == 3).ToList();
        Assert.Equal(MultiHostCluster.SiloAddresses, active.Select(m => m.Address).Order(StringComparer.Ordinal));
        Assert.All(active, m => Assert.Equal(cluster.SiloPort, m.Port));
        // Same ports on every address: each silo bound its own address only, and none 127.0.0.1.
        Assert.False(await AcceptsAsync(IPAddress.Loopback, cluster.SiloPort), "something listens on 127.0.0.1 at the silo port");
        Assert.False(await AcceptsAsync(IPAddress.Loopback, cluster.GatewayPort), "something listens on 127.0.0.1 at the gateway port");

        var api = cluster.Api;
        var tenant = await TenantScript.OpenAsync(api);
        var usernames = Enumerable.Range(0, 24).Select(i => $"member{i}").ToList();
        foreach (var username in usernames)
        {
            (await api.PostAsync($"/api/t/{tenant.Id}/users", new { username, password = TenantScript.UserPassword, roles = UserRole }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        }

        foreach (var username in usernames)
        {
            Assert.NotEmpty(await api.LoginAsync(tenant.Id, username, TenantScript.UserPassword));
        }

        // The sign-ins ran in user grains on every silo, reached through the gateways over TLS.
        var hosts = await UserGrainHostsAsync(timeout.Token);
        Assert.Equal(MultiHostCluster.SiloAddresses, hosts);
    }

    [Fact]
    public async Task Silo_and_gateway_ports_complete_a_handshake_only_with_a_certificate_from_the_cluster_ca()
    {
        using var stranger = new ClusterPki("Kagi stranger CA");
        using var outsider = stranger.IssueNode("outsider");
        using var member = cluster.Pki.IssueNode("member");
        var address = IPAddress.Parse(MultiHostCluster.SiloAddresses[1]);

        foreach (var port in new[] { cluster.SiloPort, cluster.GatewayPort })
        {
            Assert.True(await HandshakeAsync(address, port, member, cluster.Pki), $"a member's certificate was refused on port {port}");
            Assert.False(await HandshakeAsync(address, port, outsider, cluster.Pki), $"an outsider's certificate was accepted on port {port}");
        }
    }

    [Fact]
    public async Task A_silo_whose_certificate_the_cluster_ca_did_not_issue_never_becomes_active()
    {
        const string rogueAddress = "127.0.0.6";
        using var stranger = new ClusterPki("Kagi stranger CA");
        // It trusts its own CA, so it starts and tries to join; the members must refuse it.
        await using var rogue = cluster.StartSilo(rogueAddress, stranger.NodeSettings("rogue"));

        // Watched from start-up until 30 s after it wrote itself into the table (or it gave up and exited).
        DateTime? triedAt = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline && !rogue.HasExited && !(DateTime.UtcNow - triedAt > TimeSpan.FromSeconds(30)))
        {
            var rows = (await cluster.MembershipAsync()).Where(m => m.Address == rogueAddress).ToList();
            triedAt ??= rows.Count > 0 ? DateTime.UtcNow : null;
            Assert.DoesNotContain(rows, m => m.Status == 3);
            await Task.Delay(500);
        }

        Assert.True(triedAt is not null, "The stranger silo never wrote itself into the membership table, so the test proved nothing:" + Environment.NewLine + rogue.RecentOutput);
        Assert.Equal(MultiHostCluster.SiloAddresses, await cluster.ActiveSilosAsync());
        Assert.True(await cluster.Api.IsReadyAsync());
    }

    /// <summary>The addresses of the silos that hold at least one user grain activation.</summary>
    private async Task<List<string>> UserGrainHostsAsync(CancellationToken cancellationToken)
    {
        // The Frontend's own client wiring, with a client certificate of the cluster's CA.
        var settings = new Dictionary<string, string?>
        {
            ["CLUSTERING"] = "adonet",
            ["CLUSTER_CONNECTION"] = cluster.MembershipConnection,
            ["CLUSTER_ID"] = cluster.ClusterId,
            ["SERVICE_ID"] = cluster.Environment["KAGI_SERVICE_ID"],
        };
        foreach (var (name, value) in cluster.Pki.NodeSettings("test-client", serves: false))
        {
            settings[name[SettingsReader.EnvironmentPrefix.Length..]] = value;
        }

        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var clusterSettings = ClusterSettings.Read(reader, DateTimeOffset.UtcNow, listens: false);
        reader.ThrowIfInvalid();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddKagiClusterClient(clusterSettings);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var statistics = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics(cancellationToken);
            return statistics
                .Where(s => s.GrainType.Contains("UserGrain", StringComparison.Ordinal) && s.ActivationCount > 0)
                .Select(s => s.SiloAddress.Endpoint.Address.ToString())
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Whether the silo keeps a TLS connection from a client with this certificate. The client's side
    // of the handshake may complete before the server has judged the client's certificate (always so
    // with TLS 1.3, and with OpenSSL servers for 1.2 too), so the verdict is what follows: a refused
    // client's connection is closed at once; an accepted one is still open 5 s later (or the silo talks).
    private static async Task<bool> HandshakeAsync(IPAddress address, int port, X509Certificate2 clientCertificate, ClusterPki issuedBy)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(5));
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "kagi-silo",
                    // Always offer the certificate, whatever CAs the server names.
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 silo && issuedBy.Issued(silo),
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }

        try
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return await tls.ReadAsync(new byte[1], quiet.Token) > 0;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }
}
