using Kagi.Configuration;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Kagi.Frontend.Hosting;

public static class OrleansClientSetup
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private const int MaximumConnectAttempts = 120;

    /// <summary>How often the client re-reads which gateways are alive (Orleans: every minute). A
    /// restarted silo is used again within seconds, which a rolling restart needs: otherwise the
    /// client may still know only the silo being stopped next.</summary>
    public static readonly TimeSpan GatewayListRefresh = TimeSpan.FromSeconds(5);

    /// <summary>Connects to the cluster's gateways, waiting for silos that are still starting.</summary>
    public static IHostApplicationBuilder AddKagiClusterClient(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        builder.Services.AddSingleton(ClusterRetry.Budget.Default);
        builder.Services.AddSingleton<ClusterRetry>();
        builder.UseOrleansClient(client =>
        {
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = GatewayListRefresh);
            if (FrontendTelemetry.ExportsOtlp(builder.Configuration))
            {
                // Traces follow a request into the grains it calls.
                client.AddActivityPropagation();
            }

            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            if (cluster.Mode == ClusteringMode.AdoNet)
            {
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = ClusterSettings.AdoNetInvariant;
                    options.ConnectionString = cluster.MembershipConnection;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            if (cluster.Tls is { } tls)
            {
                // Gateways ask for this certificate and refuse a client without one from the cluster's CA.
                client.UseTls(tls.Certificate, options =>
                {
                    options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                    options.RemoteCertificateValidation = (certificate, _, _) => tls.Trusts(certificate);
                });
            }

            var attempts = 0;
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                if (++attempts > MaximumConnectAttempts)
                {
                    return false;
                }

                await Task.Delay(RetryDelay, cancellationToken);
                return true;
            });
        });
        return builder;
    }
}
