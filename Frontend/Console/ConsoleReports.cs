using System.Globalization;
using Kagi.Frontend.Features.Reports;
using Kagi.Reports;

namespace Kagi.Frontend.Console;

/// <summary>
/// The four reports the console draws, each shaped from the answer of the API's own report request
/// (<see cref="GetReport"/>): use over time (check-outs a day), rotations by outcome, out-of-sync over
/// time (rotations that left an account out of sync, a day) and unreconciled logins (logins on the
/// targets that no approved check-out or Kagi itself explains, a day). Days are UTC days.
/// </summary>
public static class ConsoleReports
{
    public const string Use = "use";
    public const string Rotations = "rotations";
    public const string OutOfSync = "out-of-sync";
    public const string Logins = "logins";

    public static IReadOnlyList<string> All { get; } = [Use, Rotations, OutOfSync, Logins];

    /// <summary>The API report a console report is drawn from, or null for a name the console does not know.</summary>
    public static string? SourceOf(string? report) => report switch
    {
        Use => GetReport.Usage,
        Rotations or OutOfSync => GetReport.AccountChanges,
        Logins => GetReport.Reconciliation,
        _ => null,
    };

    /// <summary>The chart's points: a key (a day as yyyy-MM-dd, or an outcome) and its count, every day or outcome present.</summary>
    public static IReadOnlyList<ChartPoint> Points(string report, GetReport.Response answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return report switch
        {
            Use => PerDay(answer.Rows.OfType<UsageRow>().Select(r => r.CheckedOutAt), answer.From, answer.To),
            Rotations => [.. RotationOutcome.All.Select(o => new ChartPoint(o, answer.Rows.OfType<ChangeRow>().Count(r => RotationOutcome.Of(r) == o)))],
            OutOfSync => PerDay(Rows(report, answer).OfType<ChangeRow>().Select(r => r.Time), answer.From, answer.To),
            _ => PerDay(Rows(report, answer).OfType<ReconciliationRow>().Select(r => r.LoginAt), answer.From, answer.To),
        };
    }

    /// <summary>The rows behind the chart: what the CSV download holds.</summary>
    public static IReadOnlyList<object> Rows(string report, GetReport.Response answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return report switch
        {
            Use => answer.Rows,
            Rotations => [.. answer.Rows.OfType<ChangeRow>().Where(r => RotationOutcome.Of(r) is not null)],
            OutOfSync => [.. answer.Rows.OfType<ChangeRow>().Where(r => RotationOutcome.Of(r) == RotationOutcome.OutOfSync)],
            _ => [.. answer.Rows.OfType<ReconciliationRow>().Where(r => r.Flagged)],
        };
    }

    /// <summary>The rows behind the chart as CSV, in the API's columns for that report.</summary>
    public static string Csv(string report, GetReport.Response answer)
    {
        var rows = Rows(report, answer);
        return report switch
        {
            Use => ReportCsv.Usage(rows.OfType<UsageRow>()),
            Rotations or OutOfSync => ReportCsv.Changes(rows.OfType<ChangeRow>()),
            _ => ReportCsv.Reconciliation(rows.OfType<ReconciliationRow>()),
        };
    }

    /// <summary>How many moments fall on each UTC day of [from, to), every day listed, none left out.</summary>
    public static IReadOnlyList<ChartPoint> PerDay(IEnumerable<DateTimeOffset> moments, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(moments);
        var counts = moments.Where(m => m >= from && m < to).GroupBy(m => DateOnly.FromDateTime(m.UtcDateTime)).ToDictionary(g => g.Key, g => g.Count());
        var points = new List<ChartPoint>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < to.UtcDateTime; day = day.AddDays(1))
        {
            points.Add(new ChartPoint(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), counts.GetValueOrDefault(day)));
        }

        return points;
    }
}
