using System.Globalization;
using System.Text.RegularExpressions;
using Kagi.Reports;

namespace Kagi.Reconciliation;

/// <summary>
/// Reads <c>log_connections</c> lines of PostgreSQL's stderr log with the default
/// <c>log_line_prefix</c> (<c>'%m [%p] '</c>): "connection received: host=…" then, from the same
/// process, "connection authorized: user=… database=… application_name=…". Pure: lines in, logins out.
/// </summary>
public sealed partial class PostgresConnectionLog(TimeZoneInfo logTimeZone)
{
    private readonly Dictionary<string, string> _hostByPid = new(StringComparer.Ordinal);
    private readonly List<ObservedLogin> _logins = [];

    public IReadOnlyList<ObservedLogin> Logins => _logins;

    public void Read(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Received().Match(line) is { Success: true } received)
        {
            _hostByPid[received.Groups["pid"].Value] = received.Groups["host"].Value;
        }
        else if (Authorized().Match(line) is { Success: true } authorized && TimeOf(authorized) is { } time)
        {
            var pid = authorized.Groups["pid"].Value;
            _logins.Add(new ObservedLogin(time, authorized.Groups["user"].Value, _hostByPid.GetValueOrDefault(pid),
                authorized.Groups["db"].Value, authorized.Groups["app"].Success ? authorized.Groups["app"].Value : null));
            _hostByPid.Remove(pid);
        }
    }

    private DateTimeOffset? TimeOf(Match match)
    {
        if (!DateTime.TryParseExact(match.Groups["ts"].Value, ["yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var zone = match.Groups["tz"].Value is "UTC" or "GMT" ? TimeZoneInfo.Utc : logTimeZone;
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    [GeneratedRegex(@"^(?<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (?<tz>\S+) \[(?<pid>\d+)\] LOG:\s+connection received: host=(?<host>[^\s]+)")]
    private static partial Regex Received();

    [GeneratedRegex(@"^(?<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (?<tz>\S+) \[(?<pid>\d+)\] LOG:\s+connection authorized: user=(?<user>\S+) database=(?<db>\S+)(?: application_name=(?<app>\S+))?")]
    private static partial Regex Authorized();
}
