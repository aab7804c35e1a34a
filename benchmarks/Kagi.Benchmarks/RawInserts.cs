using System.Diagnostics;
using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;

namespace Kagi.Benchmarks;

/// <summary>The table store's own pace, with rows shaped like audit records.</summary>
public sealed class RawInserts(TableServiceClient tables, string tableName)
{
    private readonly TableClient _table = tables.GetTableClient(tableName);

    public async Task WarmUpAsync()
    {
        await _table.CreateIfNotExistsAsync();
        await BatchInsertsPerSecondAsync(500);
    }

    public async Task<double> SingleInsertsPerSecondAsync(int count)
    {
        var partition = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();
        for (var i = 1; i <= count; i++)
        {
            await _table.AddEntityAsync(Row(partition, i));
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Transactions of 100 rows, one after the other, into one tenant's log partitions (10,000 rows each), as the log is written.</summary>
    public async Task<double> BatchInsertsPerSecondAsync(int count)
    {
        var partition = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();
        for (var first = 1; first <= count; first += TableAuditStore.MaximumBatch)
        {
            var size = Math.Min(TableAuditStore.MaximumBatch, count - first + 1);
            await _table.SubmitTransactionAsync(Enumerable.Range(first, size)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, Row(partition, i))));
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static AuditRecordEntity Row(string partition, long sequence) => AuditRecordEntity.From(partition, AuditChain.Link(sequence,
        new AuditEvent(DateTimeOffset.UtcNow, "alice", "account.checkout", "db-prod", AuditResults.Success, "10.0.0.7", $"request r-{sequence}")
        {
            AccountId = "db-prod",
            RequestId = "r-" + sequence,
        }, AuditChain.GenesisHash));
}
