using Azure.Data.Tables;
using Kagi.Hosting;
using Kagi.Silo;

namespace Kagi.Kagictl.Storage;

/// <summary>
/// The tables Kagi owns: every table of the account whose name starts with <see cref="Prefix"/>, found by
/// listing the account when the backup runs, so a table a new version adds is backed up without changing
/// this tool (<c>KagiTablesTests</c> fails if code names a table outside the prefix).
/// </summary>
public static class KagiTables
{
    public const string Prefix = "Kagi";

    /// <summary>
    /// Read before the others: a checkpoint signs a record already stored, so reading checkpoints before the
    /// records means every checkpoint in an archive has its record in the archive too, and the restored chain
    /// verifies although the silo kept writing while the backup ran.
    /// </summary>
    private static readonly string[] ReadFirst = [KagiStorage.AuditCheckpointTable];

    public static bool IsKagis(string table) => table.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Kagi's tables in the account, in the order a backup reads them.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(TableServiceClient tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            if (IsKagis(table.Name))
            {
                names.Add(table.Name);
            }
        }

        return Order(names);
    }

    public static IReadOnlyList<string> Order(IEnumerable<string> tables) =>
        [.. tables.OrderBy(t => Array.IndexOf(ReadFirst, t) is var i && i >= 0 ? i : ReadFirst.Length).ThenBy(t => t, StringComparer.Ordinal)];

    /// <summary>The grain state table, in <see cref="GrainStateLayout"/>; each row names its grain in the <c>Grain</c> column.</summary>
    public const string GrainState = KagiStorage.GrainRowsTable;

    /// <summary>Grain state in the earlier layout (Orleans' own): partition <c>{serviceId}_{grain type}_{grain key}</c>, one row per state name.</summary>
    public const string LegacyGrainState = KagiStorage.GrainStateTable;

    /// <summary>Orleans' reminders: partition <c>{serviceId}_{hash}</c>; the grain id is in the <c>GrainReference</c> column.</summary>
    public const string Reminders = KagiSiloBuilder.RemindersTable;
}
