using Kagi.Kagictl.Archive;

namespace Kagi.Kagictl.Commands;

/// <summary>Reads a whole archive, authenticating every chunk and the final one, and counts its rows per table.</summary>
public static class ArchiveVerifier
{
    public static (ArchiveManifest Manifest, IReadOnlyDictionary<string, long> Rows) Verify(string path, OperatorKey key, Progress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        using var file = OpenArchive(path);
        using var archive = new ArchiveReader(file, key);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (archive.Next() is { } item)
        {
            switch (item)
            {
                case RowRead row:
                    counts[row.Table] = counts.GetValueOrDefault(row.Table) + 1;
                    progress.Rows("verify", row.Table, counts[row.Table]);
                    break;
                case TableEnded ended:
                    counts[ended.Table] = ended.Rows;
                    progress.TableDone("verify", ended.Table, ended.Rows, watch.Elapsed);
                    watch.Restart();
                    break;
            }
        }

        return (archive.Manifest, counts);
    }

    public static FileStream OpenArchive(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
}
