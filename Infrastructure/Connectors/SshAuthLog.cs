using System.Globalization;
using System.Text.RegularExpressions;

namespace Kagi.Connectors;

/// <summary>
/// Reads successful logins out of sshd's log lines, as syslog writes them to <c>/var/log/auth.log</c>:
/// RFC 3339 times (rsyslog's default since Debian 12) or the traditional <c>Nov 27 05:01:02</c> form.
/// </summary>
/// <remarks>
/// Only <c>Accepted &lt;method&gt; for &lt;user&gt; from &lt;address&gt; port &lt;n&gt;</c> lines of sshd (or OpenSSH 9.8's
/// <c>sshd-session</c>) count; everything else, including lines another program wrote to look like them
/// without the sshd tag, is skipped. Traditional syslog times have neither year nor zone: they are taken as UTC
/// in the year that does not put them more than a day into the future.
/// </remarks>
public static partial class SshAuthLog
{
    public static IReadOnlyList<LoginEvent> Parse(IEnumerable<string> lines, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var events = new List<LoginEvent>();
        foreach (var line in lines)
        {
            if (TryParse(line, now, out var login) && login.Time >= since)
            {
                events.Add(login);
            }
        }

        events.Sort((a, b) => a.Time.CompareTo(b.Time));
        return events;
    }

    public static bool TryParse(string line, DateTimeOffset now, out LoginEvent login)
    {
        login = null!;
        if (string.IsNullOrEmpty(line))
        {
            return false;
        }

        var accepted = AcceptedLine().Match(line);
        if (!accepted.Success || !TryParseTime(accepted.Groups["time"].Value, now, out var time))
        {
            return false;
        }

        login = new LoginEvent(time, accepted.Groups["user"].Value, accepted.Groups["ip"].Value)
        {
            SourcePort = int.TryParse(accepted.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= ushort.MaxValue ? port : null,
        };
        return true;
    }

    private static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (char.IsAsciiDigit(text[0]))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
        }

        // "Nov 27 05:01:02" / "Nov  7 05:01:02": no year, no zone.
        var normalized = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (!DateTime.TryParseExact($"{normalized} {now.UtcDateTime.Year}", "MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = default;
            return false;
        }

        time = new DateTimeOffset(parsed, TimeSpan.Zero);
        if (time > now.AddDays(1))
        {
            time = time.AddYears(-1);
        }

        return true;
    }

    [GeneratedRegex(
        @"^(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) \S+ sshd(?:-session)?(?:\[\d+\])?: Accepted \S+ for (?<user>\S+) from (?<ip>\S+) port (?<port>\d+)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AcceptedLine();
}
