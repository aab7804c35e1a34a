using Azure.Data.Tables;
using Kagi.Silo.Storage;
using Kagi.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace Kagi.Kagictl.Storage;

/// <summary>
/// Lists a restored tenant in the tenant directory (<c>TenantDirectoryGrain</c>, integer key 0). A one-tenant
/// archive leaves Kagi-wide grains out, so restored into an empty account the tenant would be missing there, and its
/// audit log, which admits only tenants the directory lists, would refuse every append. Written through the silo's
/// own grain storage provider, so the row is exactly the one the grain reads.
/// </summary>
public sealed class TenantDirectoryEntry(TableServiceClient tables, string serviceId)
{
    /// <summary>The directory grain's id as the silo forms it (Orleans names a grain type after its class, less "Grain").</summary>
    public static readonly GrainId DirectoryGrain = GrainId.Create(GrainType.Create("tenantdirectory"), GrainIdKeyExtensions.CreateIntegerKey(0));

    /// <summary>Adds <paramref name="tenantId"/> unless listed already; whether it was added.</summary>
    public async Task<bool> EnsureListedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var storage = new KagiGrainStorage(
            "kagi", tables, new OrleansGrainStorageSerializer(StateSerialization.Serializer),
            StateSerialization.Activators, serviceId, NullLogger<KagiGrainStorage>.Instance);
        await storage.InitializeAsync(cancellationToken);
        var state = new GrainState<TenantDirectoryState>(new TenantDirectoryState());
        await storage.ReadStateAsync(TenantDirectoryGrain.StateName, DirectoryGrain, state);
        if (state.State!.Tenants.Contains(tenantId))
        {
            return false;
        }

        state.State = state.State with { Tenants = state.State.Tenants.Add(tenantId) };
        await storage.WriteStateAsync(TenantDirectoryGrain.StateName, DirectoryGrain, state);
        return true;
    }
}
