using Orleans.TestingHost;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// One in-process test cluster of one silo configured by <typeparamref name="TConfigurator"/>, with a
/// fresh service id (so runs never share data), deployed before a collection and stopped after it.
/// </summary>
public abstract class ClusterFixture<TConfigurator>(string serviceIdPrefix) : IAsyncLifetime
    where TConfigurator : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public virtual async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceIdPrefix + Guid.NewGuid().ToString("N")[..12];
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
