using System.Text;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Domain.Reports;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Notifications;

namespace Kagi.Reports;

/// <summary>
/// Load (schedule, last period sent) → decide (<see cref="ReportSchedule"/>) → build the CSV → mail
/// → persist the period → audit. An hourly reminder runs it; a failed mail is retried the next hour.
/// </summary>
public sealed class ScheduledReportGrain(
    [PersistentState("scheduledReport", KagiStorage.GrainState)] IPersistentState<ScheduledReportState> state,
    IMailSender mail,
    AuditClock clock) : TenantScopedGrain, IScheduledReportGrain, IRemindable
{
    public const string ScheduleReminder = "report-schedule";

    public async Task ConfigureAsync(Caller caller, ScheduledReport? report)
    {
        EnsureCaller(caller);
        if (report is not null)
        {
            AuditSettingsRules.ValidateReport(report);
        }

        // A new schedule starts with the period completed now; nothing older is mailed retroactively.
        var sentUntil = report is not null && report.Schedule == state.State.Report?.Schedule && report.Report == state.State.Report?.Report
            ? state.State.SentUntil
            : report is null ? null : ReportSchedule.LastCompleted(report.Schedule, clock.Now).From;
        state.State = new ScheduledReportState { Report = report, SentUntil = sentUntil };
        await state.WriteStateAsync();
        if (report is null)
        {
            if (await this.GetReminder(ScheduleReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        else
        {
            await this.RegisterOrUpdateReminder(ScheduleReminder, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        }
    }

    /// <summary>Mails the last completed period unless it was sent; a failed mail is retried the next hour.</summary>
    private async Task RunDueAsync()
    {
        if (state.State.Report is not { } report || !ReportSchedule.IsDue(report.Schedule, clock.Now, state.State.SentUntil))
        {
            return;
        }

        var (from, until) = ReportSchedule.LastCompleted(report.Schedule, clock.Now);
        var csv = await BuildCsvAsync(report.Report, from, until);
        var name = $"{report.Report}-{TenantId}-{from:yyyyMMdd}-{until:yyyyMMdd}.csv";
        await mail.SendAsync(new MailMessageSpec(report.Recipients,
            $"Kagi {report.Schedule} report {report.Report} for {TenantId}, {from:yyyy-MM-dd} to {until:yyyy-MM-dd}",
            $"The {report.Report} report of tenant {TenantId} for [{from:O}, {until:O}) is attached as CSV.",
            [new MailAttachment(name, "text/csv", Encoding.UTF8.GetBytes(csv))]), CancellationToken.None);
        state.State = state.State with { SentUntil = until };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditEvent(clock.Now, Caller.SystemName, "report.send", LocalId, AuditResults.Success, null,
            $"{report.Report} from {from:O} until {until:O} to {report.Recipients.Length} recipient(s)"));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunDueAsync();

    private async Task<string> BuildCsvAsync(string kind, DateTimeOffset from, DateTimeOffset until)
    {
        var reports = GrainFactory.GetGrain<IReportsGrain>(TenantId);
        var system = Caller.System(TenantId);
        return kind switch
        {
            ReportKinds.AccountChanges => ReportCsv.Changes(await reports.AccountChangesAsync(system, from, until)),
            ReportKinds.UserChanges => ReportCsv.Changes(await reports.UserChangesAsync(system, from, until)),
            ReportKinds.Usage => ReportCsv.Usage(await reports.UsageAsync(system, from, until)),
            ReportKinds.Reconciliation => ReportCsv.Reconciliation((await reports.ReconciliationAsync(system, from, until)).Logins),
            _ => throw new KagiException(ProblemCode.Invalid, $"There is no report '{kind}'."),
        };
    }
}
