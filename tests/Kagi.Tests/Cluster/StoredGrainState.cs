using System.Text;
using Azure.Data.Tables;
using Kagi.Hosting;
using Kagi.Silo;
using Kagi.Tests.Infrastructure;

namespace Kagi.Tests.Cluster;

/// <summary>Reads grain state rows straight from the Azure table, to check what is really stored.</summary>
public static class StoredGrainState
{
    /// <summary>The raw bytes of every state row of this service whose grain key mentions <paramref name="keyPart"/>.</summary>
    public static async Task<IReadOnlyList<byte[]>> ReadAsync(string serviceId, string keyPart)
    {
        var table = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiSiloBuilder.GrainStateTable);
        var rows = new List<byte[]>();
        var prefix = GrainStateLayout.Escape(serviceId) + "_";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter))
        {
            if (entity.GetString(GrainStateLayout.GrainColumn)?.Contains(keyPart, StringComparison.Ordinal) == true)
            {
                rows.Add([.. ((IDictionary<string, object>)entity).Values.OfType<byte[]>().SelectMany(bytes => bytes)]);
            }
        }

        return rows;
    }

    public static string AsText(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
