using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Kagictl.Storage;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>
/// A one-tenant backup's server-side filter on the audit table, run by Azurite: it takes the tenant's buckets and
/// its partition of the earlier layout, and nothing of a tenant whose id merely begins the same way.
/// </summary>
public sealed class TenantAuditScopeTests
{
    [Fact]
    public async Task The_audit_filter_takes_the_tenants_partitions_in_both_layouts_and_no_other_tenants()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (acme, acmeCorp, acm) = ($"acme{run}", $"acme{run}-corp", $"acme{run[..^1]}");
        var table = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient("AuditScope" + run);
        await table.CreateAsync();
        try
        {
            string[] partitions = [acme, AuditPartitions.Of(acme, 1), AuditPartitions.Of(acme, 30_000), acmeCorp, AuditPartitions.Of(acmeCorp, 1), acm, AuditPartitions.Of(acm, 1)];
            foreach (var partition in partitions)
            {
                await table.AddEntityAsync(new TableEntity(partition, "0001"));
            }

            var scope = new TenantScope(acme, "kagi");
            var taken = new List<string>();
            await foreach (var row in table.QueryAsync<TableEntity>(scope.ServerFilter(Kagi.Hosting.KagiStorage.AuditTable)))
            {
                Assert.True(scope.Holds(Kagi.Hosting.KagiStorage.AuditTable, row));
                taken.Add(row.PartitionKey);
            }

            Assert.Equal([acme, AuditPartitions.Of(acme, 30_000), AuditPartitions.Of(acme, 1)], taken);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }
}
