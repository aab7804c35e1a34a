using Kagi.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kagi.Tests.Cluster;

/// <summary>Reads a grain's state as the storage provider holds it (not the activation's copy in memory),
/// or writes one before the grain is activated (to stand for state stored by an earlier version).</summary>
public static class PersistedState
{
    public static Task WriteAsync<T>(TestCluster cluster, IAddressable grain, string stateName, T state) =>
        Storage(cluster).WriteStateAsync(stateName, grain.GetGrainId(), new GrainState<T>(state));

    public static async Task<T> ReadAsync<T>(TestCluster cluster, IAddressable grain, string stateName)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage(cluster).ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"No {stateName} state for {grain.GetGrainId()}.");
    }

    private static IGrainStorage Storage(TestCluster cluster) =>
        ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(KagiStorage.GrainState);
}
