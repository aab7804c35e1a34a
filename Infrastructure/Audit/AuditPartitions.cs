using System.Globalization;
using Azure.Data.Tables;

namespace Kagi.Audit;

/// <summary>
/// Where a tenant's audit records are stored: partitions of <see cref="Size"/> consecutive sequence numbers,
/// keyed <c>{tenant}!{bucket}</c> with the bucket counting down, so a scan of the tenant's key range meets its
/// newest partition first and, inside each, the newest record first (row keys count down too).
/// <para>
/// Why not one partition per tenant, as before: a table store writes a partition's rows one after another
/// (Azure's target is about 2,000 entities/s per partition), and azurite-table inserts each row into its
/// partition-key index at the start of that key's run, so a write costs in proportion to the rows its partition
/// already holds. A restore of a million-record log into one partition took six minutes; in partitions of ten
/// thousand it is bounded by the store's per-row pace.
/// </para>
/// <para>
/// <c>!</c> sorts before every character a tenant id may hold (<c>a-z 0-9 -</c>), so a tenant's rows stay together
/// in a table scan: first the partition named by the tenant id alone (the earlier layout, whose records are all
/// older than any bucketed one, since it is no longer written), then its buckets, newest first.
/// </para>
/// </summary>
public static class AuditPartitions
{
    /// <summary>Consecutive sequence numbers per partition.</summary>
    public const int Size = 10_000;

    private const char Separator = '!';

    // The character after the separator: the exclusive upper end of a tenant's bucket range.
    private const char AfterSeparator = (char)(Separator + 1);

    /// <summary>The partition of record <paramref name="sequence"/> (from 1) of the tenant.</summary>
    public static string Of(string tenantId, long sequence) =>
        tenantId + Separator + (long.MaxValue - BucketOf(sequence)).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Whether two sequence numbers share a partition (a transaction holds one).</summary>
    public static bool Together(long first, long last) => BucketOf(first) == BucketOf(last);

    /// <summary>How many records after <paramref name="lastSequence"/> still fit in its successor's partition.</summary>
    public static int RoomAfter(long lastSequence) => Size - (int)(lastSequence % Size);

    /// <summary>The tenant a partition of the audit table belongs to, in either layout.</summary>
    public static string TenantOf(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var separator = partitionKey.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? partitionKey : partitionKey[..separator];
    }

    /// <summary>Whether a partition is in the earlier layout: the tenant's whole log under its id.</summary>
    public static bool IsLegacy(string partitionKey) => !partitionKey.Contains(Separator, StringComparison.Ordinal);

    /// <summary>The tenant's buckets holding sequences <paramref name="oldest"/>..<paramref name="newest"/>
    /// (null: unbounded on that side).</summary>
    public static string Buckets(string tenantId, long? newest = null, long? oldest = null)
    {
        var from = newest is { } n ? Of(tenantId, n) : tenantId + Separator;
        var to = oldest is { } o
            ? TableClient.CreateQueryFilter($"PartitionKey le {Of(tenantId, o)}")
            : TableClient.CreateQueryFilter($"PartitionKey lt {tenantId + AfterSeparator}");
        return TableClient.CreateQueryFilter($"PartitionKey ge {from}") + " and " + to;
    }

    /// <summary>The tenant's partition in the earlier layout.</summary>
    public static string Legacy(string tenantId) => TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");

    /// <summary>Every row of the tenant in either layout.</summary>
    public static string All(string tenantId) => $"({Legacy(tenantId)}) or ({Buckets(tenantId)})";

    private static long BucketOf(long sequence) => (sequence - 1) / Size;
}
