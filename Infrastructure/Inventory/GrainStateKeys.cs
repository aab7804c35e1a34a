using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Kagi.Hosting;

namespace Kagi.Inventory;

/// <summary>
/// Finds the grains of one type and tenant that have state, from the partition keys of the grain state
/// table. Orleans' Azure table storage keys a grain's state by <c>{serviceId}_{grain id}</c> with
/// <c>/</c> written as <c>_</c>; a grain id is <c>{type}/{tenant}/{local id}</c>, and tenant ids hold no
/// <c>_</c>, so <c>{serviceId}_{type}_{tenant}_</c> begins exactly the tenant's grains of that type.
/// </summary>
public sealed class GrainStateKeys(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(KagiStorage.GrainStateTable);

    /// <summary>The local ids (the key after <c>{tenant}/</c>) of grains of <paramref name="grainType"/> with stored state.</summary>
    public async IAsyncEnumerable<string> LocalIdsAsync(string serviceId, string grainType, string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = $"{serviceId}_{grainType}_{tenantId}_";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        string? last = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            // One grain may have several rows (one per state name); they come together, in key order.
            if (row.PartitionKey != last)
            {
                last = row.PartitionKey;
                yield return row.PartitionKey[prefix.Length..];
            }
        }
    }
}
