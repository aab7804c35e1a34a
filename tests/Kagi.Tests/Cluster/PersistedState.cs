using Kagi.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kagi.Tests.Cluster;

/// <summary>Reads a grain's state as the storage provider holds it (not the activation's copy in memory).</summary>
public static class PersistedState
{
    public static async Task<T> ReadAsync<T>(TestCluster cluster, IAddressable grain, string stateName)
        where T : new()
    {
        var storage = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(KagiStorage.GrainState);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"No {stateName} state for {grain.GetGrainId()}.");
    }
}
