using System.Text;

namespace Kagi.Connectors;

/// <summary>
/// Reads what a target sends back (command output) up to a fixed size, as it arrives, so that a target,
/// or whoever controls it, cannot fill a silo's memory. Lines longer than <see cref="MaximumLineLength"/>
/// are dropped by <see cref="Lines"/>: no line Kagi parses (a passwd entry, an auth log line) is that long.
/// </summary>
internal static class TargetOutput
{
    /// <summary>Standard output Kagi reads from one command: room for a /etc/passwd of ~100,000 users or
    /// as many sshd login lines.</summary>
    public const int MaximumOutputBytes = 16 * 1024 * 1024;

    /// <summary>Standard error is only ever matched against a few known phrases: the start is enough.</summary>
    public const int MaximumErrorBytes = 64 * 1024;

    public const int MaximumLineLength = 4096;

    /// <summary>Reads <paramref name="stream"/> to its end or to <paramref name="maximumBytes"/>; past that it
    /// stops reading and reports <c>Exceeded</c> (the text read so far is kept).</summary>
    public static async Task<(string Text, bool Exceeded)> ReadAsync(Stream stream, int maximumBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), false);
            }

            var room = maximumBytes - (int)buffer.Length;
            buffer.Write(chunk, 0, Math.Min(read, room));
            if (read > room)
            {
                return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), true);
            }
        }
    }

    /// <summary>The lines of <paramref name="text"/>, without those longer than <see cref="MaximumLineLength"/>.</summary>
    public static IEnumerable<string> Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n').Where(line => line.Length <= MaximumLineLength);
    }
}
