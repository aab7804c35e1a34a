using System.Globalization;
using System.Text;

namespace Kagi.Hosting;

/// <summary>
/// Where a grain's state row lives in <see cref="KagiStorage.GrainRowsTable"/>:
/// partition <c>{serviceId}_{grain type}_{tenant}_{shard}</c>, row <c>{local id}_{state name}</c>, each part
/// escaped (<see cref="Escape"/>) so that no part holds a <c>_</c> and distinct grains never share a row.
/// A grain key is <c>{tenant}</c> or <c>{tenant}/{local id}</c> (Kagi-wide grains: their key stands in for the tenant).
/// <para>Why not Orleans' own layout (partition <c>{serviceId}_{grain id}</c>, row key the state name): every
/// state row of a grain type then shares one row key. Azurite looks an entity up by its row key's index first
/// and scans the rows that share it, so each write cost in proportion to the grains of its type already stored,
/// and a restore could not group rows, each grain being a partition of its own. Here a tenant's grains of one
/// type sit in <see cref="Shards"/> partitions (a restore writes them in 100-row transactions, and on Azure
/// Table storage no single partition carries a large tenant), and every row key is distinct.</para>
/// </summary>
public static class GrainStateLayout
{
    /// <summary>Partitions per tenant and grain type: a million accounts are 16 partitions of about 62,500.</summary>
    public const int Shards = 16;

    /// <summary>Columns beside the data, for tools that read the table (kagictl, the inventory rebuild).</summary>
    public const string GrainColumn = "Grain";
    public const string StateColumn = "StateName";

    /// <summary>The row of state <paramref name="stateName"/> of grain <paramref name="grainType"/>/<paramref name="grainKey"/>.</summary>
    public static (string PartitionKey, string RowKey) AddressOf(string serviceId, string grainType, string grainKey, string stateName)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var (tenant, local) = Split(grainKey);
        var partition = $"{TypePrefix(serviceId, grainType, tenant)}{Shard(grainKey).ToString("x", CultureInfo.InvariantCulture)}";
        return (partition, $"{Escape(local)}_{Escape(stateName)}");
    }

    /// <summary>What every partition of one tenant's grains of one type begins with (for a range query over its shards).</summary>
    public static string TypePrefix(string serviceId, string grainType, string tenant) =>
        $"{Escape(serviceId)}_{Escape(grainType)}_{Escape(tenant)}_";

    /// <summary>The tenant part and the local id of a grain key (<c>acme/db-owner</c> → <c>acme</c>, <c>db-owner</c>).</summary>
    public static (string Tenant, string LocalId) Split(string grainKey)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (grainKey, "") : (grainKey[..slash], grainKey[(slash + 1)..]);
    }

    /// <summary>The tenant part and local id of the grain a row names in <see cref="GrainColumn"/> (<c>{type}/{key}</c>).</summary>
    public static (string Tenant, string LocalId) SplitGrainColumn(string? grain) =>
        grain?.IndexOf('/', StringComparison.Ordinal) is int slash and >= 0 ? Split(grain[(slash + 1)..]) : ("", "");

    /// <summary>
    /// Letters, digits, <c>-</c> and <c>.</c> stay; every other character is <c>~</c> and the two hex digits of
    /// each of its UTF-8 bytes (<c>/</c> → <c>~2F</c>, <c>_</c> → <c>~5F</c>, <c>~</c> → <c>~7E</c>). Reversible, so
    /// distinct inputs stay distinct, and the result holds none of the characters a table key refuses.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.All(IsKept))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            if (IsKept(text[i]))
            {
                escaped.Append(text[i]);
                continue;
            }

            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var written = Encoding.UTF8.GetBytes(text.AsSpan(i, length), bytes);
            foreach (var b in bytes[..written])
            {
                escaped.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        return escaped.ToString();
    }

    /// <summary>The row Orleans' own Azure table provider kept this state in (the layout before this one).</summary>
    public static (string PartitionKey, string RowKey) LegacyAddressOf(string serviceId, string grainType, string grainKey, string stateName) =>
        (LegacySanitize($"{serviceId}_{grainType}/{grainKey}"), LegacySanitize(stateName));

    // Orleans' AzureTableUtils.SanitizeTableProperty: the four characters a key refuses become '_'.
    private static string LegacySanitize(string key) =>
        key.Replace('/', '_').Replace('\\', '_').Replace('#', '_').Replace('?', '_');

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.';

    // FNV-1a over the key's UTF-16 code units: stable across processes and versions (string.GetHashCode is not).
    private static int Shard(string grainKey)
    {
        var hash = 2166136261u;
        foreach (var c in grainKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }
}
