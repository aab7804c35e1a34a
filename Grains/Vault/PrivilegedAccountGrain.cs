using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Diagnostics;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Requests;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// Load → decide (CheckoutLease, RotationPlan, AccountAgenda) → persist → schedule. One reminder
/// covers lease expiry, rotation retries, scheduled rotation and heartbeats; it is re-aimed at
/// whichever falls due first. Rotation itself is in PrivilegedAccountGrain.Rotation.cs; an id that names a
/// one-time template hands its calls to <see cref="OneTimeTemplateGrain"/> (PrivilegedAccountGrain.Templates.cs).
/// </summary>
public sealed partial class PrivilegedAccountGrain(
    [PersistentState("account", KagiStorage.GrainState)] IPersistentState<AccountState> state,
    TenantVault vault,
    VaultClock time,
    ILogger<PrivilegedAccountGrain> logger) : TenantScopedGrain, IPrivilegedAccountGrain, IRemindable
{
    public const string MaintenanceReminder = "account-maintenance";

    // Orleans' default minimum reminder period; the due time, not the period, aims each firing.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    // What _reminderDue holds once this activation removed the reminder.
    private static readonly DateTimeOffset NoReminder = DateTimeOffset.MaxValue;

    private string? _targetKind;

    // What this activation last stored elsewhere, so that a call that changes neither skips the write (issue 15, P3):
    // the inventory row it last reported, and the due time its reminder was last aimed at (NoReminder: removed).
    private AccountSummary? _reported;
    private DateTimeOffset? _reminderDue;

    private AccountState Account => state.State;

    private SecretContext PasswordContext => new(TenantId, "account", LocalId, "password");

    private ITargetGrain Target => GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, Account.TargetId));

    private Caller Kagi => Caller.System(TenantId);

    private string Key => this.GetPrimaryKeyString();

    public async Task<AccountInfo> RegisterAsync(Caller caller, AccountRegistration registration)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(registration);
        if (Account.Exists || IsTemplate)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Account '{LocalId}' already exists.");
        }

        var target = GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, registration.TargetId));
        _ = await target.GetAsync(caller) ?? throw NotFound($"Target '{registration.TargetId}'");
        if (!await target.VerifyLoginAsync(caller, registration.Username, registration.Password))
        {
            throw new KagiException(ProblemCode.CredentialRejected, "The target refused this account's password; only a working password can be brought under management.");
        }

        state.State = new AccountState
        {
            Exists = true,
            TargetId = registration.TargetId,
            Username = registration.Username,
            CurrentSecret = await vault.SealAsync(registration.Password, PasswordContext),
            CreatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        await ReportStatusAsync();
        return Info();
    }

    public async Task<string> RemoveAsync(Caller caller)
    {
        if (IsTemplate)
        {
            await TemplateGrain.RemoveAsync(caller);
            await state.ClearStateAsync();
            return "a one-time template: no account of it was left on the target";
        }

        EnsureExists(caller);
        var left = AccountRetirement.Decide(Account, time.GetUtcNow());
        await state.ClearStateAsync();
        _reported = null;
        _reminderDue = null;
        if (await this.GetReminder(MaintenanceReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).RemoveAccountAsync(Kagi, LocalId);
        return left;
    }

    public Task<AccountInfo> GetAsync(Caller caller)
    {
        if (IsTemplate)
        {
            return TemplateGrain.GetAsync(caller);
        }

        EnsureExists(caller);
        return Task.FromResult(Info());
    }

    public async Task<AccountInfo> SetPolicyAsync(Caller caller, AccountPolicy policy)
    {
        if (IsTemplate)
        {
            return await TemplateGrain.SetPolicyAsync(caller, policy);
        }

        EnsureExists(caller);
        var target = await Target.GetAsync(Kagi);
        state.State = Account with { Policy = AccountPolicyRules.Validate(policy, target?.PasswordRules) };
        await state.WriteStateAsync();
        await ScheduleAsync();
        return Info();
    }

    public async Task<ImmutableArray<RotationHistoryEntry>> GetRotationHistoryAsync(Caller caller)
    {
        if (IsTemplate)
        {
            // A template never rotates: its history is empty, once it is known to exist.
            _ = await TemplateGrain.GetAsync(caller);
            return [];
        }

        EnsureExists(caller);
        return Account.History.IsDefault ? [] : Account.History;
    }

    public async Task<CheckoutGrant> CheckOutAsync(Caller caller, string requestId)
    {
        if (IsTemplate)
        {
            var oneTime = await TemplateGrain.CheckOutAsync(caller, requestId);
            KagiMetrics.CheckOut(oneTime: true);
            return oneTime;
        }

        EnsureExists(caller);
        if (!Account.Policy.Lendable)
        {
            throw new KagiException(ProblemCode.Forbidden, "This account is not lendable.");
        }

        await DoDueWorkAsync();
        if (Account.Rotation.Phase != RotationPhase.Idle)
        {
            throw new KagiException(ProblemCode.RotationPending, "The password is being rotated; try again shortly.");
        }

        var now = time.GetUtcNow();
        var (leases, lease) = CheckoutLease.Grant(Account.AllLeases, Account.Policy.AllowOverlappingCheckouts, CheckoutLease.GrantFor(Account.AllGrants, requestId), caller.Username, now);
        var isNew = !Account.AllLeases.Contains(lease);
        if (isNew && Account.Policy.RotateBeforeView && CheckoutLease.Live(Account.AllLeases, now).IsEmpty)
        {
            // Nobody else holds the password: hand out one that nobody has seen before.
            var rotation = await RequestRotationAsync("before-view");
            if (rotation.Status != "completed")
            {
                throw new KagiException(ProblemCode.RotationPending, "The password could not be rotated before viewing; try again shortly.");
            }
        }

        if (isNew)
        {
            state.State = Account with { Leases = leases };
            await state.WriteStateAsync();
            await ScheduleAsync();
            await ReportStatusAsync();
        }

        var password = Account.Policy.ShowPassword ? await vault.OpenAsync(Account.CurrentSecret, PasswordContext) : null;
        KagiMetrics.CheckOut(oneTime: false);
        return new CheckoutGrant(Account.Username, password, lease.Until);
    }

    public async Task ReceiveGrantAsync(Caller caller, AccessGrant grant)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(grant);
        if (IsTemplate)
        {
            await TemplateGrain.ReceiveGrantAsync(caller, grant);
            return;
        }

        if (!Account.Exists || !CheckoutLease.IsWorthStoring(Account.AllGrants, grant))
        {
            return;
        }

        state.State = Account with { Grants = CheckoutLease.Receive(Account.AllGrants, grant, time.GetUtcNow()) };
        await state.WriteStateAsync();
    }

    public async Task<CheckinResult> CheckInAsync(Caller caller)
    {
        if (IsTemplate)
        {
            return await TemplateGrain.CheckInAsync(caller);
        }

        EnsureExists(caller);
        var (remaining, _) = CheckoutLease.Release(Account.AllLeases, caller.Username, caller.ActsAsAdmin);
        var rotation = await AfterReleaseAsync(remaining, "check-in");
        return new CheckinResult(time.GetUtcNow(), rotation);
    }

    public async Task EndRequestAccessAsync(Caller caller, string requestId, string reason)
    {
        EnsureSystem(caller);
        if (IsTemplate)
        {
            await TemplateGrain.EndRequestAccessAsync(caller, requestId, reason);
            return;
        }

        var (remaining, ended) = Account.Exists ? CheckoutLease.EndRequest(Account.AllLeases, requestId) : ([], []);
        if (ended.IsEmpty)
        {
            return;
        }

        foreach (var lease in ended)
        {
            await AuditAsync("account.checkin", AuditResults.Success, $"lease of {lease.Holder} ended by {caller.Username}: {reason}", requestId);
        }

        await AfterReleaseAsync(remaining, "request-ended");
    }

    public async Task ExtendRequestAccessAsync(Caller caller, string requestId, DateTimeOffset until)
    {
        EnsureSystem(caller);
        if (IsTemplate)
        {
            await TemplateGrain.ExtendRequestAccessAsync(caller, requestId, until);
            return;
        }

        if (!Account.Exists || !Account.AllLeases.Any(l => l.RequestId == requestId))
        {
            return;
        }

        state.State = Account with { Leases = CheckoutLease.Extend(Account.AllLeases, requestId, until, time.GetUtcNow()) };
        await state.WriteStateAsync();
        await ScheduleAsync();
        await ReportStatusAsync();
    }

    public async Task<RotationResult> RotateAsync(Caller caller)
    {
        if (IsTemplate)
        {
            return await TemplateGrain.RotateAsync(caller);
        }

        EnsureExists(caller);
        CheckoutLease.EnsureNotHeld(Account.AllLeases, time.GetUtcNow());
        return await RequestRotationAsync("manual");
    }

    public async Task<int> ResealAsync(Caller caller)
    {
        EnsureCaller(caller);
        if (IsTemplate)
        {
            return await TemplateGrain.ResealAsync(caller);
        }

        if (!Account.Exists)
        {
            return 0;
        }

        var current = await vault.ResealAsync(Account.CurrentSecret, PasswordContext);
        var previous = Account.PreviousSecret is { } p ? await vault.ResealAsync(p, PasswordContext) : null;
        var pending = Account.Rotation.PendingSecret is { } q ? await vault.ResealAsync(q, PasswordContext) : null;
        var changed = Changed(Account.CurrentSecret, current) + Changed(Account.PreviousSecret, previous) + Changed(Account.Rotation.PendingSecret, pending);
        if (changed > 0)
        {
            state.State = Account with { CurrentSecret = current, PreviousSecret = previous, Rotation = Account.Rotation with { PendingSecret = pending } };
            await state.WriteStateAsync();
        }

        return changed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == MaintenanceReminder)
        {
            await DoDueWorkAsync();
        }
    }

    /// <summary>Does whatever the agenda says is due now, then re-aims the reminder.</summary>
    private async Task DoDueWorkAsync()
    {
        if (!Account.Exists)
        {
            return;
        }

        var due = AccountAgenda.Due(Account, Key, time.GetUtcNow());
        if (!due.ExpiredLeases.IsEmpty)
        {
            foreach (var lease in due.ExpiredLeases)
            {
                await AuditAsync("account.checkin", AuditResults.Success, $"lease of {lease.Holder} under request {lease.RequestId} expired at {lease.Until:O}", lease.RequestId);
            }

            await AfterReleaseAsync([.. Account.AllLeases.Except(due.ExpiredLeases)], "lease-expired");
        }
        else if (due.RotationRetry)
        {
            await RotateNowAsync();
        }
        else if (due.ScheduledRotation)
        {
            await RequestRotationAsync("schedule");
        }
        else if (due.Heartbeat)
        {
            await HeartbeatAsync();
        }
        else
        {
            await ScheduleAsync();
        }
    }

    /// <summary>Stores the remaining leases; rotates once nobody holds the account any more.</summary>
    private async Task<RotationResult> AfterReleaseAsync(ImmutableArray<LeaseState> remaining, string trigger)
    {
        state.State = Account with { Leases = remaining };
        await state.WriteStateAsync();
        await ReportStatusAsync();
        if (remaining.IsEmpty && Account.Policy.RotateOnCheckin)
        {
            return await RequestRotationAsync(trigger);
        }

        await ScheduleAsync();
        return new RotationResult(remaining.IsEmpty ? "not-required" : "deferred", null, null);
    }

    /// <summary>Aims the reminder at the next thing due, or removes it. Each aim is a write to the reminders table, so
    /// a reminder this activation already aimed at the same time still to come, or already removed, is left as it is.</summary>
    private async Task ScheduleAsync()
    {
        if (AccountAgenda.NextDue(Account, Key) is { } at)
        {
            var now = time.GetUtcNow();
            if (at == _reminderDue && at > now)
            {
                return;
            }

            _reminderDue = null;
            await this.RegisterOrUpdateReminder(MaintenanceReminder, at > now ? at - now : TimeSpan.Zero, ReminderPeriod);
            _reminderDue = at;
        }
        else if (_reminderDue != NoReminder)
        {
            _reminderDue = null;
            if (await this.GetReminder(MaintenanceReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderDue = NoReminder;
        }
    }

    private async Task AuditAsync(string action, string result, string detail, string? requestId = null)
    {
        var entry = new AuditEvent(time.GetUtcNow(), Caller.SystemName, action, LocalId, result, null, detail) { AccountId = LocalId, RequestId = requestId };
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(entry);
    }

    /// <summary>Tells the tenant's inventory this account's row: status, place and who holds it until when.
    /// Called after every change of these; a failure fails the change's call. A row this activation already
    /// reported unchanged is not written again (a rotation that ends idle, as it began, changes nothing there).</summary>
    private async Task ReportStatusAsync()
    {
        var live = CheckoutLease.Live(Account.AllLeases, time.GetUtcNow());
        var row = new AccountSummary(LocalId, StatusName(Account.Rotation.Phase))
        {
            TargetId = Account.TargetId,
            Username = Account.Username,
            CheckedOutUntil = live.IsEmpty ? null : live.Max(lease => lease.Until),
        };
        if (row == _reported)
        {
            return;
        }

        _reported = null;
        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ReportAccountAsync(Kagi, row);
        _reported = row;
    }

    public async Task<bool> ReportToInventoryAsync(Caller caller)
    {
        EnsureSystem(caller);
        if (IsTemplate)
        {
            return await TemplateGrain.ReportToInventoryAsync(caller);
        }

        if (!Account.Exists)
        {
            return false;
        }

        // A rebuild writes the row again whatever this activation reported before.
        _reported = null;
        await ReportStatusAsync();
        return true;
    }

    private void EnsureExists(Caller caller)
    {
        EnsureCaller(caller);
        if (!Account.Exists)
        {
            throw NotFound($"Account '{LocalId}'");
        }
    }

    private static int Changed(byte[]? before, byte[]? after) => ReferenceEquals(before, after) ? 0 : 1;

    private static string StatusName(RotationPhase phase) => phase switch
    {
        RotationPhase.Pending => "pending",
        RotationPhase.OutOfSync => "out-of-sync",
        _ => "idle",
    };

    private AccountInfo Info()
    {
        var leases = Account.AllLeases.Select(l => new LeaseInfo(l.RequestId, l.Holder, l.CheckedOutAt, l.Until)).ToImmutableArray();
        return new AccountInfo(LocalId, Account.TargetId, Account.Username, Account.CreatedAt, leases.FirstOrDefault(), Account.Rotation.LastRotatedAt,
            StatusName(Account.Rotation.Phase), leases, Account.Policy, AccountAgenda.ScheduledRotation(Account, Key), Account.LastHeartbeatAt);
    }
}
