using System.Diagnostics;

namespace Kagi.Kagictl;

/// <summary>
/// Progress on stderr: on a terminal one line per table rewritten in place a few times a second; redirected
/// (a log, a systemd journal) one line per table when it is done, so logs stay short.
/// </summary>
public sealed class Progress(TextWriter output, bool interactive)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();

    public static Progress ForConsole() => new(Console.Error, !Console.IsErrorRedirected);

    public void Rows(string verb, string table, long rows)
    {
        if (interactive && _sinceDraw.Elapsed >= Interval)
        {
            output.Write($"\r{verb} {table}: {rows:N0} rows");
            _sinceDraw.Restart();
        }
    }

    public void TableDone(string verb, string table, long rows, TimeSpan took)
    {
        output.WriteLine($"{(interactive ? "\r" : "")}{verb} {table}: {rows:N0} rows in {took.TotalSeconds:F1} s");
    }

    public void Line(string text) => output.WriteLine(text);
}
