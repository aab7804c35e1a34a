using Kagi.Audit;
using Xunit;

namespace Kagi.Tests.Audit;

/// <summary>
/// A tenant's audit log in partitions of consecutive records: newest partition first in key order, a batch never
/// crossing one, and each tenant's rows together in a table scan, the earlier one-partition layout included.
/// </summary>
public sealed class AuditPartitionsTests
{
    [Fact]
    public void Consecutive_records_share_a_partition_of_ten_thousand_and_newer_partitions_sort_first()
    {
        Assert.Equal(AuditPartitions.Of("acme", 1), AuditPartitions.Of("acme", AuditPartitions.Size));
        Assert.NotEqual(AuditPartitions.Of("acme", AuditPartitions.Size), AuditPartitions.Of("acme", AuditPartitions.Size + 1));
        Assert.True(string.CompareOrdinal(AuditPartitions.Of("acme", AuditPartitions.Size + 1), AuditPartitions.Of("acme", AuditPartitions.Size)) < 0);
        Assert.True(string.CompareOrdinal(AuditPartitions.Of("acme", 5_000_000), AuditPartitions.Of("acme", 4_999_999)) <= 0);
        Assert.True(AuditPartitions.Together(1, 100));
        Assert.True(AuditPartitions.Together(9_901, 10_000));
        Assert.False(AuditPartitions.Together(9_950, 10_001));
    }

    [Theory]
    [InlineData(0, 10_000)]
    [InlineData(1, 9_999)]
    [InlineData(9_950, 50)]
    [InlineData(9_999, 1)]
    [InlineData(10_000, 10_000)]
    [InlineData(12_345, 7_655)]
    public void Room_after_the_last_record_is_what_its_successor_partition_still_holds(long last, int room)
    {
        Assert.Equal(room, AuditPartitions.RoomAfter(last));
        Assert.True(AuditPartitions.Together(last + 1, last + room));
        Assert.False(AuditPartitions.Together(last + 1, last + room + 1));
    }

    [Fact]
    public void Each_tenants_partitions_lie_together_in_key_order_with_the_earlier_layout_first()
    {
        string[] tenants = ["acme", "acme-corp", "acme0", "acm", "b"];
        var keys = tenants.SelectMany(t => new[] { t, AuditPartitions.Of(t, 1), AuditPartitions.Of(t, 25_000), AuditPartitions.Of(t, 12_000) })
            .Order(StringComparer.Ordinal).ToList();

        var runs = keys.Select(AuditPartitions.TenantOf).Aggregate(new List<string>(), (seen, t) =>
        {
            if (seen.Count == 0 || seen[^1] != t)
            {
                seen.Add(t);
            }

            return seen;
        });
        Assert.Equal(tenants.Order(StringComparer.Ordinal), runs);
        var acme = keys.Where(k => AuditPartitions.TenantOf(k) == "acme").ToList();
        Assert.Equal(["acme", AuditPartitions.Of("acme", 25_000), AuditPartitions.Of("acme", 12_000), AuditPartitions.Of("acme", 1)], acme);
        Assert.True(AuditPartitions.IsLegacy("acme"));
        Assert.False(AuditPartitions.IsLegacy(AuditPartitions.Of("acme", 1)));
    }
}
