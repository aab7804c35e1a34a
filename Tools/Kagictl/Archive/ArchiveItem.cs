using Azure.Data.Tables;

namespace Kagi.Kagictl.Archive;

/// <summary>One step of reading an archive's rows in order.</summary>
public abstract record ArchiveItem;

/// <summary>The rows that follow belong to <paramref name="Table"/>.</summary>
public sealed record TableStarted(string Table) : ArchiveItem;

/// <summary>A row as it was stored, with its typed properties (no timestamp or ETag).</summary>
public sealed record RowRead(string Table, TableEntity Row) : ArchiveItem;

/// <summary>The table's rows ended; <paramref name="Rows"/> were written and read.</summary>
public sealed record TableEnded(string Table, long Rows) : ArchiveItem;
