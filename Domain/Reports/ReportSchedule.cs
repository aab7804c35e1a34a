namespace Kagi.Domain.Reports;

/// <summary>Which period a scheduled report covers, in UTC.</summary>
public static class ReportSchedule
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";

    public static bool IsKnown(string schedule) => schedule is Daily or Weekly or Monthly;

    /// <summary>The last period that has ended at <paramref name="now"/>: [from, until).</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) LastCompleted(string schedule, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return schedule switch
        {
            Daily => (today.AddDays(-1), today),
            Weekly => Week(today),
            Monthly => (new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1), new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero)),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown schedule."),
        };
    }

    /// <summary>Whether the last completed period is still to be sent.</summary>
    public static bool IsDue(string schedule, DateTimeOffset now, DateTimeOffset? sentUntil) =>
        sentUntil is not { } sent || LastCompleted(schedule, now).Until > sent;

    private static (DateTimeOffset, DateTimeOffset) Week(DateTimeOffset today)
    {
        var sinceMonday = ((int)today.DayOfWeek + 6) % 7;
        var monday = today.AddDays(-sinceMonday);
        return (monday.AddDays(-7), monday);
    }
}
