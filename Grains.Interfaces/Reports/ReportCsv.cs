using System.Globalization;
using System.Text;
using Kagi.Reports;

namespace Kagi.Reports;

/// <summary>The built-in reports as CSV (RFC 4180, formulas defused as in the audit export).</summary>
public static class ReportCsv
{
    public static string Changes(IEnumerable<ChangeRow> rows) => Write(
        ["sequence", "time", "actor", "action", "subject", "result", "ipAddress", "detail"],
        rows.Select(r => new[] { Number(r.Sequence), Time(r.Time), r.Actor, r.Action, r.Subject, r.Result, r.IpAddress, r.Detail }));

    public static string Usage(IEnumerable<UsageRow> rows) => Write(
        ["accountId", "user", "requestId", "checkedOutAt", "checkedInAt", "checkedInBy", "postWorkReport"],
        rows.Select(r => new[] { r.AccountId, r.User, r.RequestId, Time(r.CheckedOutAt), Time(r.CheckedInAt), r.CheckedInBy, r.PostWorkReport }));

    public static string Reconciliation(IEnumerable<ReconciliationRow> rows) => Write(
        ["targetId", "accountId", "username", "loginAt", "clientHost", "application", "coveredBy", "flagged"],
        rows.Select(r => new[] { r.TargetId, r.AccountId, r.Username, Time(r.LoginAt), r.ClientHost, r.Application, r.CoveredBy, r.Flagged ? "true" : "false" }));

    private static string Write(string[] columns, IEnumerable<string?[]> rows)
    {
        var csv = new StringBuilder().AppendJoin(',', columns).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Quoted when needed; a leading = + - @ (a spreadsheet formula, e.g. in a claimed
    /// username) is defused with a leading apostrophe, as OWASP advises for CSV exports.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
