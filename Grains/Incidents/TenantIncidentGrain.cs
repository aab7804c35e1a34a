using Kagi.Audit;
using Kagi.Domain.Incidents;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Notifications;

namespace Kagi.Incidents;

/// <summary>
/// Check (operator, <see cref="IncidentAnnouncements"/>) → a repeat answers the first outcome → audit in the
/// tenant's log as <c>kagi:operator</c> → enqueue to the admins → persist. Persisted last: a crash before it
/// makes the repeat send again (at least once), never lose the announcement. Key: <c>{tenant}/{incidentId}</c>.
/// </summary>
public sealed class TenantIncidentGrain(
    [PersistentState("incident", KagiStorage.GrainState)] IPersistentState<TenantIncidentState> state,
    AuditClock clock) : TenantScopedGrain, ITenantIncidentGrain
{
    public async Task<IncidentOutcome> AnnounceAsync(Caller caller, IncidentAnnouncement announcement)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(announcement);
        if (!caller.IsOperator)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the operator announces incidents.");
        }

        if ((IncidentAnnouncements.Problem(announcement) ?? (announcement.Id == LocalId ? null : "The announcement's id does not match.")) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        var fingerprint = IncidentAnnouncements.Fingerprint(announcement);
        if (state.State.Fingerprint is { } told)
        {
            return told == fingerprint
                ? new IncidentOutcome(false, state.State.NotificationId!, state.State.AnnouncedAt)
                : throw new KagiException(ProblemCode.AlreadyExists, $"Incident '{LocalId}' was announced with other words; use a new id for a new announcement.");
        }

        var now = clock.Now;
        var recorded = await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(
            new AuditEvent(now, Caller.OperatorName, "incident.announce", LocalId, AuditResults.Success, caller.IpAddress, announcement.TitleEn));
        if (recorded is null)
        {
            throw new KagiException(ProblemCode.NotFound, $"Tenant '{TenantId}' not found.");
        }

        var notificationId = await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Caller.System(TenantId),
            new NotificationRequest(NotificationEvents.IncidentAnnounced, [], ToAdmins: true, IncidentAnnouncements.Parameters(announcement, TenantId, now)));
        state.State = new TenantIncidentState { Fingerprint = fingerprint, NotificationId = notificationId, AnnouncedAt = now };
        await state.WriteStateAsync();
        return new IncidentOutcome(true, notificationId, now);
    }
}
