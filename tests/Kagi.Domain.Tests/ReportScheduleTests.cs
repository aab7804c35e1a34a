using Kagi.Domain.Reports;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class ReportScheduleTests
{
    // A Wednesday afternoon.
    private static readonly DateTimeOffset Now = new(2030, 3, 13, 15, 30, 0, TimeSpan.Zero);

    private static DateTimeOffset Day(int month, int day) => new(2030, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Daily_covers_yesterday_weekly_the_last_monday_to_monday_week_monthly_the_last_month()
    {
        Assert.Equal((Day(3, 12), Day(3, 13)), ReportSchedule.LastCompleted(ReportSchedule.Daily, Now));
        Assert.Equal((Day(3, 4), Day(3, 11)), ReportSchedule.LastCompleted(ReportSchedule.Weekly, Now));
        Assert.Equal((Day(2, 1), Day(3, 1)), ReportSchedule.LastCompleted(ReportSchedule.Monthly, Now));
        Assert.Equal((Day(3, 4), Day(3, 11)), ReportSchedule.LastCompleted(ReportSchedule.Weekly, Day(3, 11)));
        Assert.Equal((new DateTimeOffset(2029, 12, 1, 0, 0, 0, TimeSpan.Zero), Day(1, 1)), ReportSchedule.LastCompleted(ReportSchedule.Monthly, Day(1, 1)));
    }

    [Fact]
    public void A_period_is_due_until_it_was_sent()
    {
        Assert.True(ReportSchedule.IsDue(ReportSchedule.Daily, Now, null));
        Assert.True(ReportSchedule.IsDue(ReportSchedule.Daily, Now, Day(3, 12)));
        Assert.False(ReportSchedule.IsDue(ReportSchedule.Daily, Now, Day(3, 13)));
        Assert.False(ReportSchedule.IsDue(ReportSchedule.Monthly, Now, Day(3, 1)));
        Assert.True(ReportSchedule.IsDue(ReportSchedule.Monthly, Day(4, 1), Day(3, 1)));
    }
}
