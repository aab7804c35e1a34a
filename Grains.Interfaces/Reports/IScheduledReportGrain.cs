namespace Kagi.Reports;

/// <summary>
/// Mails one scheduled report once per completed period (UTC): daily covers yesterday, weekly the
/// last Monday-to-Monday week, monthly the last calendar month, when its hourly reminder finds the
/// period not yet sent. Key: <c>{tenantId}/{reportId}</c>.
/// </summary>
[Alias("kagi.IScheduledReportGrain")]
public interface IScheduledReportGrain : IGrainWithStringKey
{
    /// <summary>Sets (or, with null, removes) the schedule; a report of unknown kind or period is refused (invalid).</summary>
    [Alias("Configure")]
    Task ConfigureAsync(Caller caller, ScheduledReport? report);
}
