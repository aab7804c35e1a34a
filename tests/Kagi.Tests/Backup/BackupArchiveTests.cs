using System.Security.Cryptography;
using Azure.Data.Tables;
using Kagi.Kagictl.Archive;
using Xunit;

namespace Kagi.Tests.Backup;

/// <summary>The archive format alone: what goes in comes out with its types, and a cut, altered, reordered or
/// wrongly keyed archive is refused with a message that says which.</summary>
public sealed class BackupArchiveTests
{
    private static readonly OperatorKey Key = OperatorKey.FromBytes(RandomNumberGenerator.GetBytes(32));
    private static readonly ArchiveManifest Manifest = new(new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero), "kagi", null);

    [Fact]
    public void Rows_come_back_with_their_tables_keys_and_typed_properties()
    {
        var archive = Write(("KagiAudit", [Row("t1", "0001", ("Hash", "abc"), ("Sequence", 42L), ("Count", 7), ("Data", new byte[] { 1, 2, 3 }),
            ("Time", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), ("Flag", true), ("Ratio", 0.5), ("Id", Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001")))]),
            ("KagiEmpty", []));

        var items = ReadAll(archive, out var manifest);

        Assert.Equal(Manifest, manifest);
        Assert.Equal(["KagiAudit", "row", "KagiAudit:1", "KagiEmpty", "KagiEmpty:0"], items.Select(Describe));
        var row = items.OfType<RowRead>().Single().Row;
        Assert.Equal(("t1", "0001"), (row.PartitionKey, row.RowKey));
        Assert.Equal("abc", row["Hash"]);
        Assert.Equal(42L, row["Sequence"]);
        Assert.Equal(7, row["Count"]);
        Assert.Equal([1, 2, 3], (byte[])row["Data"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), row["Time"]);
        Assert.Equal(true, row["Flag"]);
        Assert.Equal(0.5, row["Ratio"]);
        Assert.Equal(Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001"), row["Id"]);
    }

    [Fact]
    public void An_archive_cut_anywhere_is_refused_as_truncated()
    {
        var archive = Write(("KagiAudit", Noise(3)));

        foreach (var length in new[] { archive.Length - 1, archive.Length - 100, archive.Length / 2, 41, ArchiveChunkBoundary(archive) })
        {
            var error = Assert.Throws<BackupArchiveException>(() => ReadAll(archive[..length], out _));
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void One_flipped_byte_anywhere_after_the_magic_is_refused()
    {
        var archive = Write(("KagiAudit", Noise(2)));

        foreach (var position in new[] { 10, 40, 41, 45, 60, archive.Length / 2, archive.Length - 1 })
        {
            var altered = (byte[])archive.Clone();
            altered[position] ^= 0x01;
            var error = Assert.Throws<BackupArchiveException>(() => ReadAll(altered, out _));
            Assert.True(error.Message.Contains("altered", StringComparison.Ordinal) || error.Message.Contains("does not authenticate", StringComparison.Ordinal)
                || error.Message.Contains("truncated", StringComparison.Ordinal), error.Message);
        }
    }

    [Fact]
    public void Swapped_chunks_and_a_wrong_key_are_refused()
    {
        var archive = Write(("KagiAudit", Noise(3)));
        var first = ArchiveFormat.HeaderSize;
        var size = ArchiveFormat.FrameHeaderSize + ArchiveFormat.TagSize + ArchiveFormat.ChunkSize;
        var swapped = (byte[])archive.Clone();
        archive.AsSpan(first, size).CopyTo(swapped.AsSpan(first + size));
        archive.AsSpan(first + size, size).CopyTo(swapped.AsSpan(first));

        Assert.Contains("Chunk 0 of the archive does not authenticate", Assert.Throws<BackupArchiveException>(() => ReadAll(swapped, out _)).Message, StringComparison.Ordinal);
        using var other = new ArchiveReaderProbe(archive, OperatorKey.FromBytes(RandomNumberGenerator.GetBytes(32)));
        Assert.Contains("key", Assert.Throws<BackupArchiveException>(other.Read).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_that_never_completed_reads_as_truncated()
    {
        using var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, Key, Manifest))
        {
            writer.BeginTable("KagiAudit");
            foreach (var row in Noise(2))
            {
                writer.WriteRow(row);
            }
        }

        Assert.Contains("truncated", Assert.Throws<BackupArchiveException>(() => ReadAll(output.ToArray(), out _)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_master_key_is_refused_as_a_backup_key_and_a_short_key_file_is_refused()
    {
        var master = RandomNumberGenerator.GetBytes(32);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Convert.ToBase64String(master) + "\n");
            Assert.Contains("master key", Assert.Throws<BackupArchiveException>(() => OperatorKey.Read(path, Convert.ToBase64String(master))).Message, StringComparison.Ordinal);
            Assert.NotNull(OperatorKey.Read(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(16));
            Assert.Contains("32 bytes", Assert.Throws<BackupArchiveException>(() => OperatorKey.Read(path, null)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static TableEntity Row(string partition, string row, params (string Name, object Value)[] properties)
    {
        var entity = new TableEntity(partition, row);
        foreach (var (name, value) in properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    // Random bytes do not compress, so n MiB of them make at least n chunks.
    private static TableEntity[] Noise(int mebibytes) =>
        [.. Enumerable.Range(0, mebibytes * 16).Select(i => Row("t1", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), ("Data", RandomNumberGenerator.GetBytes(64 * 1024))))];

    // The archive without its final chunk: cut exactly where the last chunk begins.
    private static int ArchiveChunkBoundary(byte[] archive)
    {
        var position = ArchiveFormat.HeaderSize;
        while (true)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(archive.AsSpan(position + 1));
            var next = position + ArchiveFormat.FrameHeaderSize + ArchiveFormat.TagSize + length;
            if (next >= archive.Length)
            {
                return position;
            }

            position = next;
        }
    }

    private static byte[] Write(params (string Table, TableEntity[] Rows)[] tables)
    {
        using var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, Key, Manifest))
        {
            foreach (var (table, rows) in tables)
            {
                writer.BeginTable(table);
                foreach (var row in rows)
                {
                    writer.WriteRow(row);
                }

                writer.EndTable();
            }

            writer.Complete();
        }

        return output.ToArray();
    }

    private static List<ArchiveItem> ReadAll(byte[] archive, out ArchiveManifest manifest)
    {
        using var reader = new ArchiveReader(new MemoryStream(archive), Key);
        manifest = reader.Manifest;
        var items = new List<ArchiveItem>();
        while (reader.Next() is { } item)
        {
            items.Add(item);
        }

        return items;
    }

    private static string Describe(ArchiveItem item) => item switch
    {
        TableStarted started => started.Table,
        RowRead => "row",
        TableEnded ended => $"{ended.Table}:{ended.Rows}",
        _ => "?",
    };

    private sealed class ArchiveReaderProbe(byte[] archive, OperatorKey key) : IDisposable
    {
        private readonly MemoryStream _input = new(archive);

        public void Read()
        {
            using var reader = new ArchiveReader(_input, key);
            while (reader.Next() is not null)
            {
            }
        }

        public void Dispose() => _input.Dispose();
    }
}
