using Azure.Data.Tables;
using Kagi.Hosting;
using Kagi.Kagictl.Storage;
using Orleans.Serialization;

namespace Kagi.Kagictl.Checks;

/// <summary>
/// Reads grain state rows as the silo's storage provider wrote them: Orleans' serializer (the one
/// <c>KagiSiloBuilder</c> configures) over the bytes in <c>Data</c>, <c>Data1</c> … <c>Data14</c>, the columns
/// a large state is split across. Rows of <see cref="KagiTables.GrainState"/> name their grain and state in
/// columns (<see cref="GrainStateLayout"/>); rows still in the earlier layout (<see cref="KagiTables.LegacyGrainState"/>)
/// are read after them. Used only by the checks after a restore.
/// </summary>
public sealed class GrainStateRows(TableServiceClient tables, string serviceId)
{
    private readonly Serializer _serializer = StateSerialization.Serializer;

    /// <summary>Grains whose state is stored under <paramref name="stateName"/>, as (tenant, local id, state); stops after <paramref name="limit"/>.</summary>
    public async IAsyncEnumerable<(string TenantId, string LocalId, T State)> ReadAsync<T>(string stateName, int limit)
    {
        var taken = 0;
        var prefix = GrainStateLayout.Escape(serviceId) + "_";
        // StateName: GrainStateLayout.StateColumn (a property name must stay outside the filter's quoted values).
        var filter = TableClient.CreateQueryFilter($"StateName eq {stateName} and PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        await foreach (var row in tables.GetTableClient(KagiTables.GrainState).RowsOrNoneAsync(filter))
        {
            if (taken == limit)
            {
                yield break;
            }

            var (tenant, local) = GrainStateLayout.SplitGrainColumn(row.GetString(GrainStateLayout.GrainColumn));
            if (Deserialize<T>(row) is { } state)
            {
                taken++;
                yield return (tenant, local, state);
            }
        }

        await foreach (var row in tables.GetTableClient(KagiTables.LegacyGrainState).RowsOrNoneAsync(TableClient.CreateQueryFilter($"RowKey eq {stateName}")))
        {
            if (taken == limit)
            {
                yield break;
            }

            if (LegacyKeyOf(row.PartitionKey) is not { } key || Deserialize<T>(row) is not { } state)
            {
                continue;
            }

            var separator = key.IndexOf('_', StringComparison.Ordinal);
            var (tenant, local) = separator < 0 ? (key, "") : (key[..separator], key[(separator + 1)..]);
            taken++;
            yield return (tenant, local, state);
        }
    }

    private T? Deserialize<T>(TableEntity row) => Kagi.Silo.Storage.KagiGrainStorage.Join(row) is { Length: > 0 } data ? _serializer.Deserialize<T>(data) : default;

    // {serviceId}_{type}_{key}, with the key's '/' stored as '_'.
    private string? LegacyKeyOf(string partitionKey)
    {
        var prefix = serviceId + "_";
        if (!partitionKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var type = partitionKey.IndexOf('_', prefix.Length);
        return type < 0 ? null : partitionKey[(type + 1)..];
    }
}
