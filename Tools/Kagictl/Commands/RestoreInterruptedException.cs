namespace Kagi.Kagictl.Commands;

/// <summary>
/// Writing an archive's rows back stopped part-way (a write the store refused, a lost connection, Ctrl-C): the
/// account holds some of the archive's rows. Nothing else is wrong with the archive, so running the restore
/// again with <c>--force</c> (rows upserted) completes it.
/// </summary>
public sealed class RestoreInterruptedException(string table, long rowsRead, Exception cause)
    : Exception($"writing {table} stopped after {rowsRead:N0} of its rows were read from the archive: {cause.Message}", cause)
{
    public string Table { get; } = table;
}
