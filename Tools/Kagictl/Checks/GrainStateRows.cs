using Azure.Data.Tables;
using Kagi.Kagictl.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Kagi.Kagictl.Checks;

/// <summary>
/// Reads grain state rows as the silo's storage provider wrote them: Orleans' serializer (the one
/// <c>KagiSiloBuilder</c> configures) over the bytes in <c>Data</c>, <c>Data1</c> … <c>Data14</c>, the columns
/// Orleans splits a large state across. Used only by the checks after a restore.
/// </summary>
public sealed class GrainStateRows(TableServiceClient tables, string serviceId)
{
    private const int MaximumDataColumns = 15;

    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(Kagi.Domain.Vault.AccountState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    /// <summary>Grains whose state is stored under <paramref name="stateName"/>, as (tenant, local id, state); stops after <paramref name="limit"/>.</summary>
    public async IAsyncEnumerable<(string TenantId, string LocalId, T State)> ReadAsync<T>(string stateName, int limit)
    {
        var taken = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {stateName}");
        await foreach (var row in tables.GetTableClient(KagiTables.GrainState).QueryAsync<TableEntity>(filter))
        {
            if (taken == limit)
            {
                yield break;
            }

            if (KeyOf(row.PartitionKey) is not { } key || Bytes(row) is not { Length: > 0 } data)
            {
                continue;
            }

            var separator = key.IndexOf('_', StringComparison.Ordinal);
            var (tenant, local) = separator < 0 ? (key, "") : (key[..separator], key[(separator + 1)..]);
            if (_serializer.Deserialize<T>(data) is { } state)
            {
                taken++;
                yield return (tenant, local, state);
            }
        }
    }

    // {serviceId}_{type}_{key}, with the key's '/' stored as '_'.
    private string? KeyOf(string partitionKey)
    {
        var prefix = serviceId + "_";
        if (!partitionKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var type = partitionKey.IndexOf('_', prefix.Length);
        return type < 0 ? null : partitionKey[(type + 1)..];
    }

    private static byte[]? Bytes(TableEntity row)
    {
        using var data = new MemoryStream();
        for (var i = 0; i < MaximumDataColumns; i++)
        {
            if (row.GetBinary(i == 0 ? "Data" : $"Data{i}") is { } part)
            {
                data.Write(part);
            }
        }

        return data.ToArray();
    }
}
