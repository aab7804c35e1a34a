using System.Collections.Immutable;
using System.Globalization;
using Kagi.Notifications;
using Kagi.Reports;

namespace Kagi.Audit;

/// <summary>
/// Changing the audit settings is made by the caller in two steps: the log stores them, then each
/// scheduled report grain is told its schedule. The log itself does not tell them: a report grain
/// appends to the log, so the log calling it back could block both. A change that weakens the record
/// and must wait (<see cref="AuditSettings.Pending"/>) is told to every admin through the outbox.
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

        if (stored.Pending is { } pending && pending != before.Pending)
        {
            await TellAdminsAsync(grains, tenantId, caller, pending);
        }

        return stored;
    }

    private static async Task TellAdminsAsync(IGrainFactory grains, string tenantId, Caller caller, PendingAuditSettings pending)
    {
        var parameters = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["tenant"] = tenantId,
            ["requestedBy"] = pending.RequestedBy,
            ["retentionDays"] = pending.RetentionDays.ToString(CultureInfo.InvariantCulture),
            ["siem"] = pending.Siem.IsEmpty ? "none" : string.Join(", ", pending.Siem.Select(d => d.Id)),
            ["effectiveAt"] = pending.EffectiveAt.ToString("u", CultureInfo.InvariantCulture),
        });
        await grains.GetGrain<INotificationOutboxGrain>(tenantId)
            .EnqueueAsync(caller, new NotificationRequest(NotificationEvents.AuditSettingsPending, [], ToAdmins: true, parameters));
    }
}
