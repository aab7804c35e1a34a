using Kagi.Audit;
using Kagi.Reports;
using Kagi.Requests;

namespace Kagi.Domain.Reports;

/// <summary>
/// Shapes audit records into the built-in reports. Records go in oldest first; intent records
/// (written before fail-closed operations) are left out: a report lists outcomes.
/// </summary>
public static class AuditReports
{
    private static readonly string[] AccountChangePrefixes = ["account.create", "account.update", "account.delete", "account.rotate", "target."];
    private static readonly string[] UserChangePrefixes = ["user.", "role.", "tenant.create"];

    public static IReadOnlyList<ChangeRow> AccountChanges(IEnumerable<AuditRecord> oldestFirst) => Changes(oldestFirst, AccountChangePrefixes);

    public static IReadOnlyList<ChangeRow> UserChanges(IEnumerable<AuditRecord> oldestFirst) => Changes(oldestFirst, UserChangePrefixes);

    /// <summary>Each successful check-out with the first check-in of that account after it.</summary>
    public static IReadOnlyList<UsageRow> Usage(IEnumerable<AuditRecord> oldestFirst)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        var rows = new List<UsageRow>();
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in oldestFirst.Select(r => r.Event).Where(e => e.Result == AuditResults.Success && e.AccountId is not null))
        {
            if (e.Action == "account.checkout")
            {
                open[e.AccountId!] = rows.Count;
                rows.Add(new UsageRow(e.AccountId!, e.Actor, e.RequestId, e.Time, null, null, PostWorkReport: null));
            }
            else if (e.Action == "account.checkin" && open.Remove(e.AccountId!, out var index))
            {
                rows[index] = rows[index] with { CheckedInAt = e.Time, CheckedInBy = e.Actor };
            }
        }

        return rows;
    }

    /// <summary>Fills in where each use's post-work report stands, so use without a report shows as due, overdue or unknown.</summary>
    public static IEnumerable<UsageRow> WithReports(IEnumerable<UsageRow> rows, IReadOnlyDictionary<string, string> reportByRequest)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(reportByRequest);
        return rows.Select(row => row with
        {
            PostWorkReport = row.RequestId is { } id && reportByRequest.TryGetValue(id, out var status) ? status : ReportStatuses.Unknown,
        });
    }

    private static List<ChangeRow> Changes(IEnumerable<AuditRecord> oldestFirst, string[] prefixes)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        return [.. oldestFirst
            .Where(r => r.Event.Result != AuditResults.Intent && prefixes.Any(p => r.Event.Action.StartsWith(p, StringComparison.Ordinal)))
            .Select(r => new ChangeRow(r.Sequence, r.Event.Time, r.Event.Actor, r.Event.Action, r.Event.Subject, r.Event.Result, r.Event.IpAddress, r.Event.Detail))];
    }
}
