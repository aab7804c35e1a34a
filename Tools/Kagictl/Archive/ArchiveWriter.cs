using System.IO.Compression;
using Azure.Data.Tables;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// Writes an archive as rows arrive: manifest, then per table its name, its rows and their count, then the
/// totals; compressed, then sealed chunk by chunk (<see cref="EncryptingStream"/>). Memory stays one chunk
/// and the compressor's window, whatever the number of rows.
/// </summary>
public sealed class ArchiveWriter : IDisposable
{
    internal const byte ManifestRecord = (byte)'M';
    internal const byte TableRecord = (byte)'T';
    internal const byte RowRecord = (byte)'R';
    internal const byte TableEndRecord = (byte)'E';
    internal const byte EndRecord = (byte)'Z';
    internal const string FormatName = "kagi-backup/1";

    private readonly EncryptingStream _sealed;
    private readonly GZipStream _compressed;
    private readonly BinaryWriter _writer;
    private string? _table;
    private long _tableRows;
    private long _rows;
    private int _tables;
    private bool _completed;

    public ArchiveWriter(Stream output, OperatorKey key, ArchiveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _sealed = new EncryptingStream(output, key);
        _compressed = new GZipStream(_sealed, CompressionLevel.Fastest, leaveOpen: true);
        _writer = new BinaryWriter(_compressed, System.Text.Encoding.UTF8, leaveOpen: true);
        _writer.Write(ManifestRecord);
        _writer.Write(FormatName);
        _writer.Write(manifest.CreatedAt.UtcTicks);
        _writer.Write(manifest.ServiceId);
        _writer.Write(manifest.Tenant ?? "");
    }

    public void BeginTable(string table)
    {
        if (_table is not null)
        {
            throw new InvalidOperationException($"Table {_table} is still open.");
        }

        _table = table;
        _tableRows = 0;
        _writer.Write(TableRecord);
        _writer.Write(table);
    }

    public void WriteRow(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _ = _table ?? throw new InvalidOperationException("A row needs a table.");
        _writer.Write(RowRecord);
        RowCodec.Write(_writer, row);
        _tableRows++;
        _rows++;
    }

    public void EndTable()
    {
        _ = _table ?? throw new InvalidOperationException("No table is open.");
        _writer.Write(TableEndRecord);
        _writer.Write(_tableRows);
        _table = null;
        _tables++;
    }

    /// <summary>Writes the totals and the final chunk. Without this call the archive reads as cut short.</summary>
    public void Complete()
    {
        _writer.Write(EndRecord);
        _writer.Write(_tables);
        _writer.Write(_rows);
        _writer.Flush();
        _compressed.Dispose();
        _sealed.Complete();
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed)
        {
            // Flushes what was written into chunks, but never the final one: the archive reads as cut short.
            _writer.Dispose();
            _compressed.Dispose();
        }

        _sealed.Dispose();
    }
}
