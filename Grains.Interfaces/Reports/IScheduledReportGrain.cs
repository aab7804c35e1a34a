namespace Kagi.Reports;

/// <summary>
/// Mails one scheduled report once per completed period (UTC): daily covers yesterday, weekly the
/// last Monday-to-Monday week, monthly the last calendar month. An hourly reminder calls
/// <see cref="RunDueAsync"/>. Key: <c>{tenantId}/{reportId}</c>.
/// </summary>
[Alias("kagi.IScheduledReportGrain")]
public interface IScheduledReportGrain : IGrainWithStringKey
{
    /// <summary>Sets (or, with null, removes) the schedule.</summary>
    [Alias("Configure")]
    Task ConfigureAsync(Caller caller, ScheduledReport? report);

    /// <summary>Sends the report of the last completed period unless it was sent; returns the end of the period sent, if any.</summary>
    [Alias("RunDue")]
    Task<DateTimeOffset?> RunDueAsync();
}
