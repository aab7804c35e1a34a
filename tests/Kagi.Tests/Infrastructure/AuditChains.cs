using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;

namespace Kagi.Tests.Infrastructure;

/// <summary>Audit records linked as the log links them, for tests that write a log straight to the store.</summary>
public static class AuditChains
{
    /// <summary>The events as records <paramref name="first"/>, <paramref name="first"/> + 1, …, chained after <paramref name="previous"/>.</summary>
    public static List<AuditRecord> Link(IEnumerable<AuditEvent> events, long first, string previous)
    {
        var records = new List<AuditRecord>();
        foreach (var e in events)
        {
            var record = AuditChain.Link(first++, e, previous);
            records.Add(record);
            previous = record.Hash;
        }

        return records;
    }

    /// <summary>Appends records 1..<paramref name="count"/> of a tenant's log to the test Azurite, chained from the genesis,
    /// in batches of 100 (from record 1, so no batch crosses a partition of the log).</summary>
    public static async Task SeedAsync(string tenantId, int count, Func<long, AuditEvent> eventAt)
    {
        var store = new TableAuditStore(new TableServiceClient(TestEnvironment.StorageConnection));
        var previous = AuditChain.GenesisHash;
        for (var first = 1; first <= count; first += TableAuditStore.MaximumBatch)
        {
            var size = Math.Min(TableAuditStore.MaximumBatch, count - first + 1);
            var records = Link(Enumerable.Range(first, size).Select(i => eventAt(i)), first, previous);
            await store.AppendBatchAsync(tenantId, records, CancellationToken.None);
            previous = records[^1].Hash;
        }
    }
}
