using System.IO.Compression;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// Reads an archive back in the order it was written. Every chunk is authenticated before its bytes are
/// used, and the end is only reached after the totals, the final chunk and nothing after it: any other
/// ending is a <see cref="BackupArchiveException"/>.
/// </summary>
public sealed class ArchiveReader : IDisposable
{
    private readonly DecryptingStream _sealed;
    private readonly GZipStream _compressed;
    private readonly BinaryReader _reader;
    private string? _table;
    private long _tableRows;
    private long _rows;
    private int _tables;
    private bool _ended;

    public ArchiveReader(Stream input, OperatorKey key)
    {
        _sealed = new DecryptingStream(input, key);
        _compressed = new GZipStream(_sealed, CompressionMode.Decompress, leaveOpen: true);
        _reader = new BinaryReader(_compressed, System.Text.Encoding.UTF8, leaveOpen: true);
        Manifest = Guard(() =>
        {
            if (_reader.ReadByte() != ArchiveWriter.ManifestRecord || _reader.ReadString() != ArchiveWriter.FormatName)
            {
                throw new BackupArchiveException("The archive opens but is not of a format this kagictl knows.");
            }

            var created = new DateTimeOffset(_reader.ReadInt64(), TimeSpan.Zero);
            var serviceId = _reader.ReadString();
            var tenant = _reader.ReadString();
            return new ArchiveManifest(created, serviceId, tenant.Length == 0 ? null : tenant);
        });
    }

    public ArchiveManifest Manifest { get; }

    /// <summary>The next table start, row or table end; null once the whole archive was read and checked.</summary>
    public ArchiveItem? Next() => _ended ? null : Guard(ReadItem);

    public void Dispose()
    {
        _reader.Dispose();
        _compressed.Dispose();
        _sealed.Dispose();
    }

    private ArchiveItem? ReadItem()
    {
        switch (_reader.ReadByte())
        {
            case ArchiveWriter.TableRecord when _table is null:
                _table = _reader.ReadString();
                _tableRows = 0;
                return new TableStarted(_table);
            case ArchiveWriter.RowRecord when _table is not null:
                _tableRows++;
                _rows++;
                return new RowRead(_table, RowCodec.Read(_reader));
            case ArchiveWriter.TableEndRecord when _table is not null:
                var table = _table;
                Expect(_reader.ReadInt64() == _tableRows, $"table {table} says it holds a different number of rows than it does");
                _table = null;
                _tables++;
                return new TableEnded(table, _tableRows);
            case ArchiveWriter.EndRecord when _table is null:
                Expect(_reader.ReadInt32() == _tables && _reader.ReadInt64() == _rows, "its totals do not match its tables and rows");
                Expect(_compressed.Read(new byte[1]) == 0, "it holds data after its totals");
                var rest = new byte[4096];
                while (_sealed.Read(rest) > 0)
                {
                    // Drains the last chunk, so the final flag and the end of the file are checked too.
                }

                Expect(_sealed.Finished, "it does not end with its final chunk");
                _ended = true;
                return null;
            default:
                throw new BackupArchiveException("The archive is malformed: a record is out of place.");
        }
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new BackupArchiveException($"The archive is malformed: {problem}.");
        }
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException)
        {
            throw new BackupArchiveException($"The archive is truncated: its rows end after chunk {_sealed.Chunks} before its totals.");
        }
        catch (InvalidDataException)
        {
            throw new BackupArchiveException("The archive's compressed data is damaged.");
        }
    }
}
