using System.Diagnostics;
using Azure.Data.Tables;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Storage;

namespace Kagi.Kagictl.Commands;

/// <summary>
/// Copies Kagi's tables (all tenants, or one through a <see cref="TenantScope"/>) into an archive file, page by
/// page as the store returns them. The file is written under a <c>.partial</c> name and renamed only once its
/// final chunk is on disk, so a file with the archive's name is always whole.
/// </summary>
public sealed class BackupWriter(TableServiceClient tables, string serviceId, TenantScope? scope, Progress progress, TimeProvider time)
{
    private const int PageSize = 1000;

    public async Task<IReadOnlyDictionary<string, long>> WriteAsync(string path, OperatorKey key, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await WriteFileAsync(partial, key, counts, cancellationToken);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        File.Move(partial, path, overwrite: true);
        return counts;
    }

    private async Task WriteFileAsync(string partial, OperatorKey key, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var archive = new ArchiveWriter(file, key, new ArchiveManifest(time.GetUtcNow(), serviceId, scope?.TenantId)))
            {
                foreach (var table in await KagiTables.ListAsync(tables, cancellationToken))
                {
                    counts[table] = await CopyAsync(table, archive, cancellationToken);
                }

                archive.Complete();
            }

            file.Flush(flushToDisk: true);
        }
    }

    private async Task<long> CopyAsync(string table, ArchiveWriter archive, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        archive.BeginTable(table);
        long rows = 0;
        var query = tables.GetTableClient(table).QueryAsync<TableEntity>(scope?.ServerFilter(table), maxPerPage: PageSize, cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            if (scope is null || scope.Holds(table, row))
            {
                archive.WriteRow(row);
                progress.Rows("backup", table, ++rows);
            }
        }

        archive.EndTable();
        progress.TableDone("backup", table, rows, watch.Elapsed);
        return rows;
    }
}
