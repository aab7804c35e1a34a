using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Kagi.Hosting;

namespace Kagi.Inventory;

/// <summary>
/// Finds the grains of one type and tenant that have state, from the grain state table's keys: the
/// <see cref="GrainStateLayout.Shards"/> partitions that begin <see cref="GrainStateLayout.TypePrefix"/>, each
/// row naming its grain in <see cref="GrainStateLayout.GrainColumn"/>. Then, for a deployment that still holds
/// rows in the earlier layout (<see cref="KagiStorage.GrainStateTable"/>: partition <c>{serviceId}_{grain id}</c>
/// with <c>/</c> written as <c>_</c>; tenant ids hold no <c>_</c>), the grains there that have not moved yet.
/// </summary>
public sealed class GrainStateKeys(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(KagiStorage.GrainRowsTable);
    private readonly TableClient _legacy = tables.GetTableClient(KagiStorage.GrainStateTable);

    /// <summary>The local ids (the key after <c>{tenant}/</c>) of grains of <paramref name="grainType"/> with stored state, each once.</summary>
    public async IAsyncEnumerable<string> LocalIdsAsync(string serviceId, string grainType, string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = GrainStateLayout.TypePrefix(serviceId, grainType, tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        string? last = null;
        await foreach (var row in _table.RowsOrNoneAsync(filter, ["PartitionKey", GrainStateLayout.GrainColumn], cancellationToken))
        {
            // One grain may have several rows (one per state name); they come together, in key order.
            var (_, local) = GrainStateLayout.SplitGrainColumn(row.GetString(GrainStateLayout.GrainColumn));
            if (local.Length > 0 && local != last)
            {
                last = local;
                yield return local;
            }
        }

        await foreach (var local in NotYetMovedAsync(serviceId, grainType, tenantId, cancellationToken))
        {
            yield return local;
        }
    }

    private async IAsyncEnumerable<string> NotYetMovedAsync(string serviceId, string grainType, string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"{serviceId}_{grainType}_{tenantId}_";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        string? last = null;
        await foreach (var row in _legacy.RowsOrNoneAsync(filter, ["PartitionKey", "RowKey"], cancellationToken))
        {
            var local = row.PartitionKey[prefix.Length..];
            if (local == last)
            {
                continue;
            }

            var (partition, rowKey) = GrainStateLayout.AddressOf(serviceId, grainType, $"{tenantId}/{local}", row.RowKey);
            if (!(await _table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, ["PartitionKey"], cancellationToken)).HasValue)
            {
                last = local;
                yield return local;
            }
        }
    }
}
