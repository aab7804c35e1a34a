using Kagi.Reports;

namespace Kagi.Audit;

/// <summary>
/// Changing the audit settings is made by the caller in two steps: the log stores them, then each
/// scheduled report grain is told its schedule. The log itself does not tell them: a report grain
/// appends to the log, so the log calling it back could block both.
/// </summary>
public static class AuditSettingsChange
{
    public static async Task<AuditSettings> SetAuditSettingsAsync(this IGrainFactory grains, string tenantId, Caller caller, AuditSettings settings)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(settings);
        var log = grains.GetGrain<IAuditLogGrain>(tenantId);
        var before = await log.GetSettingsAsync(caller);
        var stored = await log.SetSettingsAsync(caller, settings);
        foreach (var report in before.Reports.Where(old => !stored.Reports.Any(r => r.Id == old.Id)))
        {
            await grains.GetGrain<IScheduledReportGrain>(GrainKeys.For(tenantId, report.Id)).ConfigureAsync(caller, null);
        }

        foreach (var report in stored.Reports)
        {
            await grains.GetGrain<IScheduledReportGrain>(GrainKeys.For(tenantId, report.Id)).ConfigureAsync(caller, report);
        }

        return stored;
    }
}
