using Kagi.Frontend.Features.Audit;
using Kagi.Reports;

namespace Kagi.Frontend.Console.Pages.Admin;

/// <summary>
/// A page of the tenant's audit settings (retention, SIEM destinations, scheduled reports). The API
/// replaces all three at once, so a page sends the parts it does not edit as the admin last asked for
/// them: the waiting values where a change waits (the ones in force would withdraw it). Asking again for
/// what waits keeps its time (<see cref="Kagi.Domain.Audit.AuditSettingsInForce.Change"/>), so saving one
/// page never restarts a change another page asked for.
/// </summary>
public abstract class AuditSettingsPage : SignedInPage
{
    protected UpdateAuditSettings.Response? Settings { get; private set; }

    /// <summary>What the last save did, in the reader's language: saved, or saved and waiting.</summary>
    protected string? Saved { get; private set; }

    protected int WantedRetention => Settings!.Pending?.RetentionDays ?? Settings.RetentionDays;

    protected IReadOnlyList<UpdateAuditSettings.SiemBody> WantedSiem => Settings!.Pending?.Siem ?? Settings.Siem;

    protected override async Task LoadAsync() =>
        Settings = await SendAsync(new ReadAuditSettings.Query(TenantId!));

    /// <summary>Sends the same request as PUT settings/audit, with the given part changed.</summary>
    protected async Task SaveAsync(int? retentionDays = null, IReadOnlyList<UpdateAuditSettings.SiemBody>? siem = null, IReadOnlyList<ScheduledReport>? reports = null)
    {
        var command = new UpdateAuditSettings.Command(TenantId!, retentionDays ?? WantedRetention,
            [.. (siem ?? WantedSiem).Select(d => d.ToDestination())], reports ?? Settings!.Reports);
        if (await SendAsync(command) is { } saved)
        {
            Settings = saved;
            Saved = saved.Pending is null ? Text["Common.Saved"] : Text["SettingsAudit.SavedPending"];
        }
    }
}
