using Azure.Data.Tables;
using Kagi.Kagictl.Archive;

namespace Kagi.Kagictl.Checks;

/// <summary>
/// Proof that the acknowledged writes are in the tables, without scanning them: up to <see cref="PerTable"/>
/// rows of each table, spread evenly over it (the first, the last and every n-th in between, n from the row
/// counts the archive's verification gave), are kept as the restore passes them and read back one by one
/// afterwards; each must hold exactly the archived properties and values.
/// </summary>
public sealed class ReadBackSample(TableServiceClient tables, IReadOnlyDictionary<string, long> rowsPerTable, TextWriter output)
{
    private const int PerTable = 50;
    private readonly List<(string Table, TableEntity Row)> _sample = [];
    private long _index;

    public void Observe(ArchiveItem item)
    {
        switch (item)
        {
            case TableStarted:
                _index = 0;
                break;
            case RowRead read:
                var rows = rowsPerTable.GetValueOrDefault(read.Table);
                var every = Math.Max(1, rows / PerTable);
                if (_index % every == 0 || _index == rows - 1)
                {
                    _sample.Add((read.Table, read.Row));
                }

                _index++;
                break;
        }
    }

    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var differ = 0;
        foreach (var (table, archived) in _sample)
        {
            var stored = await tables.GetTableClient(table).GetEntityIfExistsAsync<TableEntity>(archived.PartitionKey, archived.RowKey, cancellationToken: cancellationToken);
            if (!stored.HasValue || !SameProperties(archived, stored.Value!))
            {
                differ++;
                output.WriteLine($"read back: a row of {table} is {(stored.HasValue ? "different from the archive's" : "missing")} (partition {archived.PartitionKey})");
            }
        }

        output.WriteLine($"read back: {_sample.Count - differ} of {_sample.Count} rows sampled across {_sample.Select(s => s.Table).Distinct().Count()} tables equal the archive's");
        return differ == 0;
    }

    /// <summary>The same properties with the same values, ignoring what the store adds (timestamp, ETag).</summary>
    public static bool SameProperties(TableEntity archived, TableEntity stored)
    {
        ArgumentNullException.ThrowIfNull(archived);
        ArgumentNullException.ThrowIfNull(stored);
        var names = archived.Keys.Where(IsData).ToHashSet(StringComparer.Ordinal);
        return names.SetEquals(stored.Keys.Where(IsData)) && names.All(n => SameValue(archived[n], stored[n]));
    }

    private static bool IsData(string name) => name is not ("Timestamp" or "odata.etag");

    private static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (DateTimeOffset x, DateTimeOffset y) => x.UtcTicks == y.UtcTicks,
        (DateTimeOffset x, DateTime y) => x.UtcTicks == y.ToUniversalTime().Ticks,
        _ => Equals(a, b),
    };
}
