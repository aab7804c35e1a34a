using System.Security.Cryptography;
using Kagi.Security;
using Kagi.Silo;
using Kagi.Tests.Infrastructure;
using Orleans.TestingHost;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// One in-process test cluster per collection, wired exactly like the Silo process (Azure Table
/// storage and reminders on the tests' Azurite), with a fresh service id so runs never share data.
/// </summary>
public sealed class KagiClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = "kagi-test-" + Guid.NewGuid().ToString("N")[..12];
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        private static readonly MasterKey Key = new(RandomNumberGenerator.GetBytes(MasterKey.Length));

        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddKagiStorageAndServices(TestEnvironment.StorageConnection, Key);
    }
}

[CollectionDefinition(Name)]
public sealed class KagiClusterGroup : ICollectionFixture<KagiClusterFixture>
{
    public const string Name = "Kagi cluster";
}
