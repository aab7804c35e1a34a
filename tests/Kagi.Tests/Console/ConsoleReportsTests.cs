using Kagi.Audit;
using Kagi.Frontend.Console;
using Kagi.Frontend.Features.Reports;
using Kagi.Reports;
using Xunit;

namespace Kagi.Tests.Console;

/// <summary>How the console shapes the API's report answers into its four charts and their CSV.</summary>
public sealed class ConsoleReportsTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(3);

    private static ChangeRow Rotation(string actor, string result, string detail, int day = 0) =>
        new(1, From.AddDays(day).AddHours(5), actor, RotationOutcome.Action, "db", result, null, detail);

    private static GetReport.Response Answer(IReadOnlyList<object> rows) => new("any", From, To, rows, null, "");

    [Fact]
    public void Use_counts_check_outs_on_each_utc_day_of_the_period_and_lists_the_empty_days()
    {
        var rows = new object[]
        {
            new UsageRow("db", "bob", "r1", From.AddHours(23).AddMinutes(59), null, null, null),
            new UsageRow("db", "bob", "r2", From.AddDays(1), From.AddDays(1).AddHours(1), "bob", null),
            new UsageRow("web", "eve", "r3", From.AddDays(1).AddHours(12), null, null, null),
            new UsageRow("db", "bob", "r0", From.AddMinutes(-1), From.AddHours(1), "bob", null),
        };

        var points = ConsoleReports.Points(ConsoleReports.Use, Answer(rows));

        Assert.Equal(new ChartPoint[] { new ChartPoint("2026-12-01", 1), new ChartPoint("2026-12-02", 2), new ChartPoint("2026-12-03", 0) }, points);
    }

    [Fact]
    public void Rotations_are_counted_by_outcome_from_kagis_own_records_only()
    {
        var rows = new object[]
        {
            Rotation(Caller.SystemName, AuditResults.Success, "trigger: checkin"),
            Rotation(Caller.SystemName, AuditResults.Success, "trigger: schedule"),
            Rotation(Caller.SystemName, AuditResults.Failure, "attempt 1: refused; next attempt at ..."),
            Rotation(Caller.SystemName, AuditResults.Failure, RotationOutcome.OutOfSyncDetail + "neither password works"),
            // A person's "rotate now" is the request, not an attempt; intents are not outcomes.
            Rotation("alice", AuditResults.Success, "rotate now"),
            Rotation(Caller.SystemName, AuditResults.Intent, ""),
            new ChangeRow(2, From, Caller.SystemName, "account.create", "db", AuditResults.Success, null, null),
        };

        var points = ConsoleReports.Points(ConsoleReports.Rotations, Answer(rows));

        Assert.Equal(new ChartPoint[] { new ChartPoint(RotationOutcome.Completed, 2), new ChartPoint(RotationOutcome.Failed, 1), new ChartPoint(RotationOutcome.OutOfSync, 1) }, points);
        Assert.Equal(4, ConsoleReports.Rows(ConsoleReports.Rotations, Answer(rows)).Count);
    }

    [Fact]
    public void Out_of_sync_counts_the_rotations_that_left_an_account_out_of_sync_per_day_and_its_csv_holds_only_those()
    {
        var rows = new object[]
        {
            Rotation(Caller.SystemName, AuditResults.Failure, RotationOutcome.OutOfSyncDetail + "drift", day: 2),
            Rotation(Caller.SystemName, AuditResults.Failure, "attempt 2: timeout", day: 2),
            Rotation(Caller.SystemName, AuditResults.Success, "trigger: retry", day: 0),
        };

        var points = ConsoleReports.Points(ConsoleReports.OutOfSync, Answer(rows));
        var csv = ConsoleReports.Csv(ConsoleReports.OutOfSync, Answer(rows));

        Assert.Equal(new ChartPoint[] { new ChartPoint("2026-12-01", 0), new ChartPoint("2026-12-02", 0), new ChartPoint("2026-12-03", 1) }, points);
        Assert.Contains("out of sync: drift", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("timeout", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("trigger: retry", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreconciled_logins_count_the_flagged_logins_only()
    {
        var rows = new object[]
        {
            new ReconciliationRow("pg", "db", "owner", From.AddHours(2), "10.0.0.9", "psql", null, Flagged: true),
            new ReconciliationRow("pg", "db", "owner", From.AddHours(3), "10.0.0.8", "psql", "request r1", Flagged: false),
            new ReconciliationRow("pg", "db", "owner", From.AddDays(2), "10.0.0.9", "psql", null, Flagged: true),
        };

        var points = ConsoleReports.Points(ConsoleReports.Logins, Answer(rows));
        var csv = ConsoleReports.Csv(ConsoleReports.Logins, Answer(rows));

        Assert.Equal("1 0 1", string.Join(" ", points.Select(p => p.Value)));
        Assert.DoesNotContain("request r1", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("use", GetReport.Usage)]
    [InlineData("rotations", GetReport.AccountChanges)]
    [InlineData("out-of-sync", GetReport.AccountChanges)]
    [InlineData("logins", GetReport.Reconciliation)]
    [InlineData("usage", null)]
    [InlineData(null, null)]
    public void Each_console_report_is_drawn_from_one_api_report(string? report, string? source) =>
        Assert.Equal(source, ConsoleReports.SourceOf(report));

    [Theory]
    [InlineData("2026-12-05T09:30", true, "2026-12-05T09:30:00.0000000+00:00")]
    [InlineData("2026-12-05T09:30:15", true, "2026-12-05T09:30:15.0000000+00:00")]
    [InlineData("", true, null)]
    [InlineData(null, true, null)]
    [InlineData("yesterday", false, null)]
    [InlineData("2026-13-05T09:30", false, null)]
    public void Console_time_inputs_are_read_as_utc(string? text, bool read, string? expected)
    {
        Assert.Equal(read, ConsoleInput.UtcMoment(text, out var moment));
        Assert.Equal(expected, moment?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }
}
