using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Notifications;
using Kagi.Requests.Workflows;
using Kagi.Vault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Kagi.Requests;

/// <summary>
/// Load → decide (AccessRequestLifecycle, ApprovalRound) → persist → tell (accounts, notifications,
/// the tenant's request index) → re-aim the reminder at whatever RequestAgenda says is next.
/// Timer work is in AccessRequestGrain.Agenda.cs.
/// The state is read when a call first needs it, not on activation: a submission activates the grain of a fresh id
/// and only adds its row (issue 15, P5). It is the row <c>[PersistentState("request")]</c> kept.
/// </summary>
public sealed partial class AccessRequestGrain(
    [FromKeyedServices(KagiStorage.GrainState)] IGrainStorage storage,
    RequestClock clock,
    RequestIndexStore index,
    ILogger<AccessRequestGrain> logger) : TenantScopedGrain, IAccessRequestGrain, IRemindable
{
    /// <summary>What the request index holds for this request as of this activation's last write to it (null: unknown,
    /// read before writing).</summary>
    private IndexedRequest? _indexed;

    private OnDemandState<AccessRequestState>? _stored;

    private OnDemandState<AccessRequestState> Stored => _stored ??= new(storage, "request", this.GetGrainId(), DeactivateOnIdle);

    private AccessRequestState Request => Stored.State;

    private Caller Kagi => Caller.System(TenantId);

    public async Task<AccessRequestInfo> SubmitAsync(Caller caller, NewAccessRequest request)
    {
        var (workflowId, workflow, directory) = await PrepareAsync(caller, request);
        // Nothing is indexed for a request not yet stored (if it were, the index's add fails and the row is read).
        _indexed = IndexedRequest.Absent;
        Stored.State = AccessRequestLifecycle.Submit(caller.Username, request, workflowId, workflow, directory, clock.Now);
        await AddAsync();
        if (Request.AutoApprovedBy is { } rule)
        {
            await AuditAsync("request.auto-approve", $"rule '{rule}' of workflow '{workflowId}'");
            await NotifyAsync(NotificationEvents.RequestApproved, [Request.Requester], toAdmins: false, ("decidedBy", $"auto-approval rule '{rule}'"), ("comment", ""));
        }
        else
        {
            await NotifyStepAsync(NotificationEvents.RequestSubmitted, directory);
        }

        return await AfterChangeAsync(directory);
    }

    public async Task<AccessRequestInfo> SubmitEmergencyAsync(Caller caller, NewAccessRequest request)
    {
        var (workflowId, workflow, directory) = await PrepareAsync(caller, request);
        _indexed = IndexedRequest.Absent;
        Stored.State = AccessRequestLifecycle.SubmitEmergency(caller.Username, request, workflowId, workflow, directory, clock.Now);
        await AddAsync();
        await AuditAsync("request.emergency-alert", $"break-glass access by {caller.Username} to {Accounts()}; admins alerted");
        await NotifyAsync(NotificationEvents.RequestEmergency, [], toAdmins: true);
        return await AfterChangeAsync(directory);
    }

    public Task<AccessRequestInfo> ApproveAsync(Caller caller, string? comment) => DecideAsync(caller, approve: true, comment);

    public Task<AccessRequestInfo> RejectAsync(Caller caller, string reason) => DecideAsync(caller, approve: false, reason);

    /// <summary>Reads only: account grains ask this while they are busy, so it must never call them back.
    /// Statuses that depend on the time (expired) are computed as of now.</summary>
    public async Task<AccessRequestInfo> GetAsync(Caller caller)
    {
        await EnsureReadableAsync(caller);
        return Info(await DirectoryAsync());
    }

    public async Task EnsureMayCheckOutAsync(Caller caller, string accountId)
    {
        await EnsureExistsAsync(caller);
        var grant = AccessGrant.Of(Info(await DirectoryAsync()), accountId)
            ?? throw CheckoutLease.UnknownRequest(LocalId);
        CheckoutLease.EnsureMayCheckOut(grant, caller.Username, clock.Now);
    }

    public async Task<AccessRequestInfo> ExtendAsync(Caller caller, DateTimeOffset until, string reason)
    {
        await EnsureCurrentAsync(caller);
        Stored.State = AccessRequestLifecycle.Extend(Request, caller.Username, until, reason, clock.Now);
        await Stored.WriteAsync();
        var directory = await DirectoryAsync();
        await NotifyStepAsync(NotificationEvents.RequestExtensionRequested, directory);
        return await AfterChangeAsync(directory);
    }

    public async Task<AccessRequestInfo> RevokeAsync(Caller caller, string reason)
    {
        await EnsureCurrentAsync(caller);
        EnsureAdmin(caller);

        Stored.State = AccessRequestLifecycle.Revoke(Request, caller.Username, reason, clock.Now);
        await Stored.WriteAsync();
        await EndAccessAsync($"revoked by {caller.Username}");
        await NotifyAsync(NotificationEvents.RequestRevoked, [Request.Requester], toAdmins: false, ("decidedBy", caller.Username), ("comment", Request.Revocation!.Reason));
        return await AfterChangeAsync(await DirectoryAsync());
    }

    public async Task<AccessRequestInfo> FileReportAsync(Caller caller, string text)
    {
        await EnsureCurrentAsync(caller);
        Stored.State = AccessRequestLifecycle.FileReport(Request, caller.Username, text, clock.Now);
        await Stored.WriteAsync();
        var directory = await DirectoryAsync();
        await NotifyAsync(NotificationEvents.ReportSubmitted, ApproversToTell(directory), toAdmins: false, ("reportText", Request.Report!.Text));
        return await AfterChangeAsync(directory);
    }

    public async Task<AccessRequestInfo> ApproveReportAsync(Caller caller)
    {
        await EnsureCurrentAsync(caller);
        var directory = await DirectoryAsync();
        Stored.State = AccessRequestLifecycle.ApproveReport(Request, directory, caller, clock.Now);
        await Stored.WriteAsync();
        await NotifyAsync(NotificationEvents.ReportApproved, [Request.Requester], toAdmins: false, ("decidedBy", caller.Username), ("comment", ""));
        return await AfterChangeAsync(directory);
    }

    private async Task<AccessRequestInfo> DecideAsync(Caller caller, bool approve, string? comment)
    {
        await EnsureCurrentAsync(caller);
        var directory = await DirectoryAsync();
        var now = clock.Now;
        var stepBefore = ApprovalRound.CurrentStep(Request, directory, Request.Round);
        var (next, outcome) = AccessRequestLifecycle.Decide(Request, directory, caller.Username, approve, comment, now);
        Stored.State = next;
        await Stored.WriteAsync();
        var decidedBy = next.Decision!.OnBehalfOf is { } principal ? $"{caller.Username} for {principal}" : caller.Username;
        switch (outcome)
        {
            case RoundOutcome.StepRecorded when ApprovalRound.CurrentStep(Request, directory, Request.Round) != stepBefore:
                await NotifyStepAsync(Request.ExtensionPending ? NotificationEvents.RequestExtensionRequested : NotificationEvents.RequestSubmitted, directory);
                break;
            case RoundOutcome.Approved or RoundOutcome.ExtensionApproved or RoundOutcome.EmergencyApproved:
                if (outcome == RoundOutcome.ExtensionApproved)
                {
                    await ForEachAccountAsync(account => account.ExtendRequestAccessAsync(Kagi, LocalId, Request.Until));
                }

                await NotifyAsync(NotificationEvents.RequestApproved, [Request.Requester], toAdmins: false, ("decidedBy", decidedBy), ("comment", comment ?? ""));
                break;
            case RoundOutcome.Rejected or RoundOutcome.ExtensionRejected or RoundOutcome.EmergencyRejected:
                if (outcome == RoundOutcome.EmergencyRejected)
                {
                    await EndAccessAsync($"emergency access rejected after the fact by {decidedBy}");
                }

                await NotifyAsync(NotificationEvents.RequestRejected, [Request.Requester], toAdmins: outcome == RoundOutcome.EmergencyRejected, ("decidedBy", decidedBy), ("comment", comment ?? ""));
                break;
        }

        return await AfterChangeAsync(directory);
    }

    /// <summary>Checks the caller and accounts, and finds the one workflow that governs all of them.</summary>
    private async Task<(string Id, WorkflowDefinition Workflow, ApproverDirectory Directory)> PrepareAsync(Caller caller, NewAccessRequest request)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        // Not read: the Frontend names a new request by a fresh random id. Should a row be there after all, adding
        // this one fails (AddAsync) instead of replacing it.
        Stored.AssumeNew();
        if (Request.Exists)
        {
            throw AlreadyExists();
        }

        var catalog = GrainFactory.GetGrain<IWorkflowCatalogGrain>(TenantId);
        var workflows = new List<WorkflowInfo>();
        foreach (var item in request.AllItems.DistinctBy(i => i.AccountId))
        {
            // Throws not-found for an account this tenant does not have.
            var account = await GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, item.AccountId)).GetAsync(caller);
            workflows.Add(await catalog.ResolveAsync(caller, account.Id, account.TargetId));
        }

        var workflow = WorkflowRules.OneFor(workflows);
        return (workflow.Id, workflow.Definition, await DirectoryAsync());
    }

    /// <summary>Adds the new request's row; one already stored under this id is left as it was.</summary>
    private async Task AddAsync()
    {
        try
        {
            await Stored.WriteAsync();
        }
        catch (InconsistentStateException)
        {
            throw AlreadyExists();
        }
    }

    private KagiException AlreadyExists() => new(ProblemCode.AlreadyExists, $"Request '{LocalId}' already exists.");

    private async Task EnsureExistsAsync(Caller caller)
    {
        EnsureCaller(caller);
        await Stored.ReadOnceAsync();
        if (!Request.Exists)
        {
            throw NotFound($"Request '{LocalId}'");
        }
    }

    private async Task EnsureReadableAsync(Caller caller)
    {
        await EnsureExistsAsync(caller);
        if (!AccessRequestLifecycle.MayRead(Request, caller))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the requester, approvers, admins and auditors can read a request.");
        }
    }

    /// <summary>Checks the caller, then catches up on anything the timer has not done yet, so every answer is current.</summary>
    private async Task EnsureCurrentAsync(Caller caller)
    {
        await EnsureExistsAsync(caller);
        if (RequestAgenda.Due(Request, clock.Now).Any)
        {
            await CatchUpAsync();
        }
    }

    private async Task<ApproverDirectory> DirectoryAsync() =>
        new(await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).GetDirectorySnapshotAsync(Kagi), clock.Now);

    private string Accounts() => string.Join(", ", Request.AllItems.Select(i => i.AccountId));

    private AccessRequestInfo Info(ApproverDirectory directory)
    {
        var s = Request;
        var now = clock.Now;
        return new AccessRequestInfo(LocalId, s.AccountId, s.Requester, s.From, s.Until, s.Reason, AccessRequestLifecycle.StatusAt(s, now), s.CreatedAt, s.Decision)
        {
            Items = s.AllItems,
            WorkContent = s.WorkContent,
            TicketReference = s.TicketReference,
            CustomFields = s.CustomFields,
            WorkflowId = s.WorkflowId,
            Decisions = s.AllDecisions,
            Progress = ApprovalRound.Progress(s, directory, s.Round),
            Emergency = s.Emergency,
            AutoApprovedBy = s.AutoApprovedBy,
            ApprovedAt = s.ApprovedAt,
            Extension = s.Extension,
            Revocation = s.Revocation,
            Report = s.Report,
            ReportDueAt = s.ReportDueAt,
            ApprovedAfterTheFact = s.ApprovedAfterTheFact,
            DecideBy = s.Status == AccessRequestStatus.Pending ? AccessRequestLifecycle.DecideBy(s) : null,
        };
    }

    private ImmutableArray<string> ApproversToTell(ApproverDirectory directory) =>
        [.. Enumerable.Range(0, Request.Workflow.Steps.Length).SelectMany(step => RequestSummaries.NotifyForStep(Request, directory, step)).Distinct(StringComparer.Ordinal)];
}
