using Azure.Data.Tables;
using Kagi.Configuration;
using Kagi.Hosting;
using Kagi.Security.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Kagi.Silo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kagi.Silo;

/// <summary>The silo's wiring, shared by the Silo process and the tests' clusters.</summary>
public static class KagiSiloBuilder
{
    public const string GrainStateTable = Kagi.Hosting.KagiStorage.GrainRowsTable;
    public const string RemindersTable = "KagiReminders";

    /// <summary>Grain state, reminders and audit in Azure Table storage, plus the grains' services.</summary>
    public static ISiloBuilder AddKagiStorageAndServices(this ISiloBuilder silo, string storageConnection, IKeyEncryptionKeyProvider keys, string? geoIpDatabase = null) =>
        silo.AddKagiStorageAndServices(new TableServiceClient(storageConnection), keys, geoIpDatabase);

    /// <summary>The same, on a table service client of the caller's (e.g. one that signs in with Entra ID).</summary>
    public static ISiloBuilder AddKagiStorageAndServices(this ISiloBuilder silo, TableServiceClient tables, IKeyEncryptionKeyProvider keys, string? geoIpDatabase = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        // Kagi's own row layout (GrainStateLayout), with Orleans' version-tolerant serializer: no CLR type names in storage.
        silo.Services.AddGrainStorage(KagiStorage.GrainState, (services, name) => new KagiGrainStorage(
            name,
            tables,
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<Orleans.Serialization.Serializers.IActivatorProvider>(),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<ILogger<KagiGrainStorage>>()));
        silo.UseAzureTableReminderService(options => options.Configure(reminders =>
        {
            reminders.TableServiceClient = tables;
            reminders.TableName = RemindersTable;
        }));
        if (geoIpDatabase is not null)
        {
            silo.Services.AddSingleton<Kagi.Identity.IGeoLocator>(_ => new Kagi.Identity.MaxMindGeoLocator(geoIpDatabase));
        }

        silo.Services.AddKagiGrainServices(keys, tables);
        // Idle activations leave memory by age per grain type (a million accounts on one silo): see GrainCollectionAges.
        silo.Configure<GrainCollectionOptions>(GrainCollectionAges.Apply);
        // Tenant and request id on every grain's log lines, and reminder lag, for every grain at once.
        silo.AddIncomingGrainCallFilter<GrainCallObservation>();
        return silo;
    }

    /// <summary>Membership, the silo's advertised and listen endpoints, and (when configured) mutual TLS.</summary>
    public static ISiloBuilder UseKagiClustering(this ISiloBuilder silo, ClusterSettings cluster, SiloEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(endpoints);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        silo.Configure<ClusterMembershipOptions>(Clustering.FailureDetection.Apply);
        if (cluster.Mode == ClusteringMode.AdoNet)
        {
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = ClusterSettings.AdoNetInvariant;
                options.ConnectionString = cluster.MembershipConnection;
            });
            silo.Configure<EndpointOptions>(endpoints.Apply);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        if (cluster.Tls is { } tls)
        {
            // The same options serve inbound silo and gateway connections and open outbound silo
            // ones: a peer without a certificate from the cluster's CA is refused in the handshake.
            silo.UseTls(tls.Certificate, options =>
            {
                options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                options.RemoteCertificateValidation = (certificate, _, _) => tls.Trusts(certificate);
            });
        }

        return silo;
    }
}
