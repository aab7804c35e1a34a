using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Requests;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// A one-time account template, an aggregate of its own: load → decide (<see cref="CheckoutLease"/>, the same lease
/// rules as a standing account; <see cref="OneTimeLifecycle"/>; <see cref="OneTimeTemplateAgenda"/>) → persist →
/// schedule. Its reminder ends leases whose window closed and retries cleanups. Creating and removing the accounts
/// on the target is in OneTimeTemplateGrain.Accounts.cs. Reached only through <see cref="PrivilegedAccountGrain"/>.
/// </summary>
public sealed partial class OneTimeTemplateGrain(
    [PersistentState("oneTimeTemplate", KagiStorage.GrainState)] IPersistentState<OneTimeTemplateState> state,
    TenantVault vault,
    VaultClock time,
    ILogger<OneTimeTemplateGrain> logger) : TenantScopedGrain, IOneTimeTemplateGrain, IRemindable
{
    /// <summary>The same name as the account's reminder: one meaning, "the maintenance of this account id".</summary>
    public const string MaintenanceReminder = PrivilegedAccountGrain.MaintenanceReminder;

    // Orleans' default minimum reminder period; the due time, not the period, aims each firing.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private OneTimeTemplateState Template => state.State;

    private OneTimeTemplate Definition => Template.Template!;

    // The context the account grain sealed with before templates moved here, so stored passwords still open.
    private SecretContext PasswordContext => new(TenantId, "account", LocalId, "password");

    private ITargetGrain Target => GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, Definition.TargetId));

    private Caller Kagi => Caller.System(TenantId);

    public async Task<AccountInfo> RegisterAsync(Caller caller, OneTimeTemplate oneTime)
    {
        EnsureCaller(caller);
        if (Template.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Account '{LocalId}' already exists.");
        }

        var valid = OneTimeLifecycle.Validate(oneTime);
        var target = GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, valid.TargetId));
        _ = await target.GetAsync(caller) ?? throw NotFound($"Target '{valid.TargetId}'");
        await target.EnsureOneTimeCapableAsync(caller, valid.Grants);

        state.State = new OneTimeTemplateState { Exists = true, Template = valid, CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        await ReportStatusAsync();
        return Info();
    }

    public async Task AdoptAsync(Caller caller, OneTimeTemplateState stored)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(stored);
        if (Template.Exists || !stored.Exists)
        {
            return;
        }

        state.State = stored;
        await state.WriteStateAsync();
        await ScheduleAsync();
    }

    public Task<AccountInfo> GetAsync(Caller caller)
    {
        EnsureExists(caller);
        return Task.FromResult(Info());
    }

    public async Task<AccountInfo> SetPolicyAsync(Caller caller, AccountPolicy policy)
    {
        EnsureExists(caller);
        var target = await Target.GetAsync(Kagi);
        state.State = Template with { Policy = AccountPolicyRules.Validate(policy, target?.PasswordRules) };
        await state.WriteStateAsync();
        await ScheduleAsync();
        return Info();
    }

    public async Task RemoveAsync(Caller caller)
    {
        EnsureExists(caller);
        CheckoutLease.EnsureNotHeld(Template.AllLeases, time.GetUtcNow());
        if (!Template.AllAccounts.IsEmpty)
        {
            throw new KagiException(ProblemCode.InvalidState, "One-time accounts made from this template still await removal from the target.");
        }

        await state.ClearStateAsync();
        if (await this.GetReminder(MaintenanceReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).RemoveAccountAsync(Kagi, LocalId);
    }

    public Task<RotationResult> RotateAsync(Caller caller)
    {
        EnsureExists(caller);
        CheckoutLease.EnsureNotHeld(Template.AllLeases, time.GetUtcNow());
        throw new KagiException(ProblemCode.InvalidState, "A one-time account template has no standing password to rotate.");
    }

    public async Task<CheckoutGrant> CheckOutAsync(Caller caller, string requestId)
    {
        EnsureExists(caller);
        if (!Template.Policy.Lendable)
        {
            throw new KagiException(ProblemCode.Forbidden, "This account is not lendable.");
        }

        return await CheckOutAsync(caller, CheckoutLease.GrantFor(Template.AllGrants, requestId));
    }

    public async Task StartRequestAccessAsync(Caller caller, AccessRequestInfo request)
    {
        EnsureSystem(caller);
        if (!Template.Exists)
        {
            return;
        }

        // Created in the requester's name at the start of the window; their check-out hands the same account out.
        ArgumentNullException.ThrowIfNull(request);
        _ = await CheckOutAsync(new Caller(TenantId, request.Requester, [KagiRoles.User], null), AccessGrant.Of(request, LocalId) ?? CheckoutLease.GrantFor(Template.AllGrants, request.Id));
    }

    public async Task ReceiveGrantAsync(Caller caller, AccessGrant grant)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(grant);
        if (!Template.Exists || !CheckoutLease.IsWorthStoring(Template.AllGrants, grant))
        {
            return;
        }

        state.State = Template with { Grants = CheckoutLease.Receive(Template.AllGrants, grant, time.GetUtcNow()) };
        await state.WriteStateAsync();
    }

    public async Task<CheckinResult> CheckInAsync(Caller caller)
    {
        EnsureExists(caller);
        var (remaining, _) = CheckoutLease.Release(Template.AllLeases, caller.Username, caller.ActsAsAdmin);
        var cleanup = await AfterReleaseAsync(remaining);
        return new CheckinResult(time.GetUtcNow(), cleanup);
    }

    public async Task EndRequestAccessAsync(Caller caller, string requestId, string reason)
    {
        EnsureSystem(caller);
        var (remaining, ended) = Template.Exists ? CheckoutLease.EndRequest(Template.AllLeases, requestId) : ([], []);
        if (ended.IsEmpty)
        {
            return;
        }

        foreach (var lease in ended)
        {
            await AuditAsync("account.checkin", AuditResults.Success, $"lease of {lease.Holder} ended by {caller.Username}: {reason}", requestId);
        }

        await AfterReleaseAsync(remaining);
    }

    public async Task ExtendRequestAccessAsync(Caller caller, string requestId, DateTimeOffset until)
    {
        EnsureSystem(caller);
        if (!Template.Exists || !Template.AllLeases.Any(l => l.RequestId == requestId))
        {
            return;
        }

        state.State = Template with { Leases = CheckoutLease.Extend(Template.AllLeases, requestId, until, time.GetUtcNow()) };
        await state.WriteStateAsync();
        await ScheduleAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == MaintenanceReminder)
        {
            await DoDueWorkAsync();
        }
    }

    /// <summary>Leases that ran out, then due cleanups; then re-aims the reminder.</summary>
    private async Task DoDueWorkAsync()
    {
        if (!Template.Exists)
        {
            return;
        }

        var due = OneTimeTemplateAgenda.Due(Template, time.GetUtcNow());
        if (!due.ExpiredLeases.IsEmpty)
        {
            foreach (var lease in due.ExpiredLeases)
            {
                await AuditAsync("account.checkin", AuditResults.Success, $"lease of {lease.Holder} under request {lease.RequestId} expired at {lease.Until:O}", lease.RequestId);
            }

            await AfterReleaseAsync([.. Template.AllLeases.Except(due.ExpiredLeases)]);
        }
        else if (due.Cleanup)
        {
            _ = await CleanUpAsync();
        }
        else
        {
            await ScheduleAsync();
        }
    }

    /// <summary>Ends the one-time accounts of the leases no longer held, and removes them now if the target lets us.</summary>
    private async Task<RotationResult> AfterReleaseAsync(ImmutableArray<LeaseState> remaining)
    {
        var released = Template.AllLeases.Except(remaining);
        state.State = Template with
        {
            Leases = remaining,
            Accounts = OneTimeLifecycle.EndFor(Template.AllAccounts, released, time.GetUtcNow()),
        };
        await state.WriteStateAsync();
        return await CleanUpAsync();
    }

    /// <summary>Aims the reminder at the next thing due, or removes it.</summary>
    private async Task ScheduleAsync()
    {
        if (OneTimeTemplateAgenda.NextDue(Template) is { } at)
        {
            var now = time.GetUtcNow();
            await this.RegisterOrUpdateReminder(MaintenanceReminder, at > now ? at - now : TimeSpan.Zero, ReminderPeriod);
        }
        else if (await this.GetReminder(MaintenanceReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task AuditAsync(string action, string result, string detail, string? requestId = null)
    {
        var entry = new AuditEvent(time.GetUtcNow(), Caller.SystemName, action, LocalId, result, null, detail) { AccountId = LocalId, RequestId = requestId };
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(entry);
    }

    /// <summary>Tells the tenant's inventory the template's row, with who holds it until when.</summary>
    private Task ReportStatusAsync()
    {
        var live = CheckoutLease.Live(Template.AllLeases, time.GetUtcNow());
        return GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ReportAccountAsync(Kagi, new AccountSummary(LocalId, "idle")
        {
            TargetId = Definition.TargetId,
            Username = Domain.Discovery.DiscoveryComparison.OneTimePattern(Definition.Prefix),
            CheckedOutUntil = live.IsEmpty ? null : live.Max(lease => lease.Until),
        });
    }

    public async Task<bool> ReportToInventoryAsync(Caller caller)
    {
        TenantGuard.EnsureSystem(caller, TenantId);
        if (!Template.Exists)
        {
            return false;
        }

        await ReportStatusAsync();
        return true;
    }

    private void EnsureExists(Caller caller)
    {
        EnsureCaller(caller);
        if (!Template.Exists)
        {
            throw NotFound($"Account '{LocalId}'");
        }
    }

    private AccountInfo Info()
    {
        var leases = Template.AllLeases.Select(l => new LeaseInfo(l.RequestId, l.Holder, l.CheckedOutAt, l.Until)).ToImmutableArray();
        var scheduled = RotationSchedule.NextAfter(Template.Policy.Rotation, Template.CreatedAt, this.GetPrimaryKeyString());
        return new AccountInfo(LocalId, Definition.TargetId, Definition.Prefix, Template.CreatedAt, leases.FirstOrDefault(), null, "idle", leases, Template.Policy, scheduled, null)
        {
            OneTime = Definition,
            OneTimeAccounts = [.. Template.AllAccounts.Select(i =>
                new OneTimeAccountInfo(i.Username, i.RequestId, i.Holder, OneTimeLifecycle.PhaseName(i.Phase), i.Until, i.CleanupAttempts, i.NextCleanupAt))],
        };
    }
}
