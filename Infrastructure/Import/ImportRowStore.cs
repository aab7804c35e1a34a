using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Import;
using Kagi.Hosting;
using Kagi.Vault;

namespace Kagi.Import;

/// <summary>
/// The rows of import jobs in one Azure table: partition = tenant, row key <c>{jobId}|{line, 10 digits}</c>, so a
/// job's lines are one key range in line order and a chunk or a page of results is one range read after a line.
/// Rows are written in entity-group transactions of at most <see cref="Batch"/>; the job's grain is the one writer.
/// </summary>
public sealed class ImportRowStore(TableServiceClient tables)
{
    /// <summary>The most actions an entity-group transaction takes.</summary>
    public const int Batch = 100;

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.ImportTable);
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.ImportTable).CreateIfNotExistsAsync());

    /// <summary>Writes rows whole (a repeat after a failure only writes them again).</summary>
    public Task PutAsync(string tenantId, string jobId, IEnumerable<ImportStoredRow> rows) =>
        SubmitAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(tenantId, jobId, r))));

    /// <summary>Up to <paramref name="take"/> rows after line <paramref name="afterLine"/> and up to
    /// <paramref name="untilLine"/> (inclusive), in line order.</summary>
    public async Task<IReadOnlyList<ImportStoredRow>> ReadAsync(string tenantId, string jobId, int afterLine, int untilLine, int take)
    {
        await _created.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {Key(jobId, afterLine)} and RowKey le {Key(jobId, untilLine)}");
        var rows = new List<ImportStoredRow>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(take, 1, 1000)))
        {
            rows.Add(FromEntity(entity));
            if (rows.Count == take)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Removes every row of the job.</summary>
    public async Task DeleteAsync(string tenantId, string jobId)
    {
        await _created.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {jobId + "|"} and RowKey lt {jobId + "}"}");
        var keys = new List<TableTransactionAction>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            keys.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, entity.RowKey), ETag.All));
        }

        await SubmitAsync(keys);
    }

    private async Task SubmitAsync(IEnumerable<TableTransactionAction> actions)
    {
        await _created.Value;
        foreach (var batch in actions.Chunk(Batch))
        {
            await _table.SubmitTransactionAsync(batch);
        }
    }

    private static string Key(string jobId, int line) => jobId + "|" + line.ToString("D10", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(string tenantId, string jobId, ImportStoredRow stored)
    {
        var row = stored.Row;
        var entity = new TableEntity(tenantId, Key(jobId, row.Line))
        {
            ["Line"] = row.Line,
            ["AccountId"] = row.Id,
            ["TargetId"] = row.TargetId,
            ["Username"] = row.Username,
            ["Phase"] = stored.Phase,
        };
        if (stored.SealedPassword is not null)
        {
            entity["SealedPassword"] = stored.SealedPassword;
        }

        if (stored.Problem is { } problem)
        {
            entity["Code"] = problem.Code;
            entity["Message"] = problem.Message;
            entity["Arguments"] = JsonSerializer.Serialize(problem.Arguments.IsDefault ? [] : problem.Arguments.ToArray());
        }

        return entity;
    }

    private static ImportStoredRow FromEntity(TableEntity entity)
    {
        var row = new AccountImportRow(entity.GetInt32("Line") ?? 0, entity.GetString("AccountId"), entity.GetString("TargetId"), entity.GetString("Username"), "");
        var problem = entity.GetString("Message") is { } message
            ? new ImportLineError(row.Line, message)
            {
                Code = entity.GetString("Code"),
                Arguments = [.. JsonSerializer.Deserialize<string[]>(entity.GetString("Arguments") ?? "[]") ?? []],
            }
            : null;
        return new ImportStoredRow(row, entity.GetString("Phase"), entity.GetBinary("SealedPassword"), problem);
    }
}
