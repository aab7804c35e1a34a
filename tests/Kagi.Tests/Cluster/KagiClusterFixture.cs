using Microsoft.Extensions.DependencyInjection;
using Kagi.Security.Keys;
using Kagi.Silo;
using Kagi.Tests.Infrastructure;
using Orleans.TestingHost;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// One in-process test cluster per collection, wired exactly like the Silo process (Azure Table
/// storage and reminders on the tests' Azurite), with a fresh service id so runs never share data.
/// </summary>
public sealed class KagiClusterFixture() : ClusterFixture<KagiClusterFixture.SiloConfigurator>("kagi-test-")
{
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        static SiloConfigurator() => AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(KeyringPath);

        /// <summary>A keyring file of the test run's own (shared by its clusters), so KEK rotation can be tested.</summary>
        public static string KeyringPath { get; } = Path.Combine(Path.GetTempPath(), $"kagi-test-keyring-{Guid.NewGuid():N}.json");

        public void Configure(ISiloBuilder siloBuilder)
        {
            // Targets, relays and receivers of the tests live on loopback: allowed as an operator would.
            siloBuilder.Services.AddSingleton(TestEgress.Settings);
            // Tenants of the tests may relay mail to an SMTP sink on loopback without TLS, as an operator may allow.
            siloBuilder.Services.AddSingleton(new Kagi.Domain.Notifications.PlaintextRelays(["127.0.0.1"]));
            // Import jobs in chunks of three lines, so a small file already takes many chunks.
            siloBuilder.Services.AddSingleton(new Kagi.Vault.ImportJobLimits(ChunkSize: 3, Parallelism: 2));
            siloBuilder.AddKagiStorageAndServices(TestEnvironment.StorageConnection, new KeyringFileProvider(KeyringPath));
        }
    }
}

[CollectionDefinition(Name)]
[CollectionCost(364)]
public sealed class KagiClusterGroup : ICollectionFixture<KagiClusterFixture>
{
    public const string Name = "Kagi cluster";
}
