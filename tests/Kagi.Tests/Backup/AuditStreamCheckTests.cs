using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Checks;
using Kagi.Security;
using Kagi.Security.Keys;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>
/// The restore's audit check runs on the rows as they stream by instead of reading the table back: a sound chain
/// passes and is counted per tenant, and one record altered in the archive (its hash left as it was) fails it.
/// </summary>
public sealed class AuditStreamCheckTests
{
    private static readonly IKeyEncryptionKeyProvider Keys = new StaticKeyProvider(new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.Length)));

    [Fact]
    public async Task Chains_streamed_by_verify_per_tenant_and_an_altered_record_breaks_its_tenant()
    {
        var tables = new TableServiceClient(TestEnvironment.StorageConnection);
        var run = Guid.NewGuid().ToString("N")[..10];
        var (a, b) = ($"a{run}", $"b{run}");
        var rows = Chain(a, 250).Concat(Chain(b, 120)).ToList();

        var (sound, soundOutput) = await CheckAsync(tables, rows);
        var altered = rows.Select(r => AuditPartitions.TenantOf(r.PartitionKey) == b && r.GetInt64("Sequence") == 60 ? WithDetail(r, "rewritten later") : r).ToList();
        var (broken, brokenOutput) = await CheckAsync(tables, altered);

        Assert.True(sound, soundOutput);
        Assert.Contains($"audit {a}: 250 records verify", soundOutput, StringComparison.Ordinal);
        Assert.Contains($"audit {b}: 120 records verify", soundOutput, StringComparison.Ordinal);
        Assert.False(broken, brokenOutput);
        Assert.Contains($"audit {a}: 250 records verify", brokenOutput, StringComparison.Ordinal);
        Assert.Contains($"audit {b}: BROKEN at sequence 60", brokenOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_still_holding_records_of_the_earlier_layout_is_verified_read_back_in_order()
    {
        var tables = new TableServiceClient(TestEnvironment.StorageConnection);
        var tenant = $"c{Guid.NewGuid().ToString("N")[..10]}";
        var store = new TableAuditStore(tables);
        await store.ReadLatestAsync(tenant, CancellationToken.None); // creates the tables
        // Scan order: the earlier layout's partition (records 1..50) before the tenant's buckets (51..120).
        var rows = Chain(tenant, 120).ToList();
        var legacy = rows.Where(r => r.GetInt64("Sequence") <= 50).Select(r => new TableEntity(r) { PartitionKey = tenant }).ToList();
        var scanned = legacy.Concat(rows.Where(r => r.GetInt64("Sequence") > 50)).ToList();
        var audit = tables.GetTableClient(Kagi.Hosting.KagiStorage.AuditTable);
        foreach (var partition in scanned.GroupBy(r => r.PartitionKey))
        {
            await audit.SubmitTransactionAsync(partition.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }

        var (sound, soundOutput) = await CheckAsync(tables, scanned);
        var tampered = legacy.First(r => r.GetInt64("Sequence") == 20);
        await audit.UpdateEntityAsync(WithDetail(tampered, "rewritten later"), Azure.ETag.All, TableUpdateMode.Replace);
        var (broken, brokenOutput) = await CheckAsync(tables, scanned);

        Assert.True(sound, soundOutput);
        Assert.Contains($"audit {tenant}: 120 records verify", soundOutput, StringComparison.Ordinal);
        Assert.False(broken, brokenOutput);
        Assert.Contains($"audit {tenant}: BROKEN at sequence 20", brokenOutput, StringComparison.Ordinal);
    }

    private static async Task<(bool Valid, string Output)> CheckAsync(TableServiceClient tables, List<TableEntity> rows)
    {
        var output = new StringWriter();
        var check = new AuditStreamCheck(new TableAuditStore(tables), new KekAuditKeyring(Keys), output);
        await check.ObserveAsync(new TableStarted(Kagi.Hosting.KagiStorage.AuditTable), CancellationToken.None);
        foreach (var row in rows)
        {
            await check.ObserveAsync(new RowRead(Kagi.Hosting.KagiStorage.AuditTable, row), CancellationToken.None);
        }

        await check.ObserveAsync(new TableEnded(Kagi.Hosting.KagiStorage.AuditTable, rows.Count), CancellationToken.None);
        await check.VerifyReadBackAsync(CancellationToken.None);
        return (check.Valid, output.ToString());
    }

    // A tenant's log as the archive holds it: table rows, newest first.
    private static IEnumerable<TableEntity> Chain(string tenant, int records) =>
        AuditChains.Link(Enumerable.Range(1, records).Select(sequence => new AuditEvent(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero).AddSeconds(sequence), "alice",
                "account.checkout", "db-prod", AuditResults.Success, "10.0.0.7", $"request r-{sequence}")), 1, AuditChain.GenesisHash)
            .AsEnumerable().Reverse().Select(r => Row(AuditRecordEntity.From(tenant, r)));

    private static TableEntity Row(AuditRecordEntity entity)
    {
        var row = new TableEntity(entity.PartitionKey, entity.RowKey)
        {
            ["Sequence"] = entity.Sequence, ["Time"] = entity.Time, ["Actor"] = entity.Actor, ["Action"] = entity.Action, ["Result"] = entity.Result,
            ["PreviousHash"] = entity.PreviousHash, ["Hash"] = entity.Hash,
        };
        foreach (var (name, value) in new[] { ("Subject", entity.Subject), ("IpAddress", entity.IpAddress), ("Detail", entity.Detail), ("AccountId", entity.AccountId), ("RequestId", entity.RequestId) })
        {
            if (value is not null)
            {
                row[name] = value;
            }
        }

        return row;
    }

    private static TableEntity WithDetail(TableEntity row, string detail) => new(row) { ["Detail"] = detail };
}
