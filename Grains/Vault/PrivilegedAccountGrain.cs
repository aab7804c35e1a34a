using Kagi.Audit;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Requests;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// Load → decide (CheckoutLease, RotationPlan) → persist → schedule. One reminder covers both lease
/// expiry and rotation retries; it is re-aimed at whichever falls due first.
/// </summary>
public sealed partial class PrivilegedAccountGrain(
    [PersistentState("account", KagiStorage.GrainState)] IPersistentState<AccountState> state,
    SecretProtector protector,
    PasswordGenerator generator,
    TimeProvider time,
    ILogger<PrivilegedAccountGrain> logger) : TenantScopedGrain, IPrivilegedAccountGrain, IRemindable
{
    public const string MaintenanceReminder = "account-maintenance";

    // Orleans' default minimum reminder period; the due time, not the period, aims each firing.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private AccountState Account => state.State;

    private SecretContext PasswordContext => new(TenantId, "account", LocalId, "password");

    private ITargetGrain Target => GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, Account.TargetId));

    private Caller Kagi => Caller.System(TenantId);

    public async Task<AccountInfo> RegisterAsync(Caller caller, AccountRegistration registration)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(registration);
        if (Account.Exists)
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
            CurrentSecret = protector.Protect(registration.Password, PasswordContext),
            CreatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return Info();
    }

    public Task<AccountInfo> GetAsync(Caller caller)
    {
        EnsureExists(caller);
        return Task.FromResult(Info());
    }

    public async Task<CheckoutGrant> CheckOutAsync(Caller caller, string requestId)
    {
        EnsureExists(caller);
        await DoDueWorkAsync();
        if (Account.Rotation.Phase != RotationPhase.Idle)
        {
            throw new KagiException(ProblemCode.RotationPending, "The password is being rotated; try again shortly.");
        }

        var request = await GrainFactory.GetGrain<IAccessRequestGrain>(GrainKeys.For(TenantId, requestId)).GetAsync(caller);
        var lease = CheckoutLease.Grant(Account.Lease, LocalId, request, caller.Username, time.GetUtcNow());
        if (lease != Account.Lease)
        {
            state.State = Account with { Lease = lease };
            await state.WriteStateAsync();
            await ScheduleAsync();
        }

        return new CheckoutGrant(Account.Username, protector.Unprotect(Account.CurrentSecret, PasswordContext), lease.Until);
    }

    public async Task<CheckinResult> CheckInAsync(Caller caller)
    {
        EnsureExists(caller);
        CheckoutLease.EnsureCanCheckIn(Account.Lease, caller.Username, caller.IsInRole(KagiRoles.Admin));
        var rotation = await ReleaseAndRotateAsync("check-in");
        return new CheckinResult(time.GetUtcNow(), rotation);
    }

    public async Task<RotationResult> RotateAsync(Caller caller)
    {
        EnsureExists(caller);
        if (Account.Lease is { } lease && !CheckoutLease.IsExpired(lease, time.GetUtcNow()))
        {
            throw new KagiException(ProblemCode.CheckedOut, $"The account is checked out until {lease.Until:O}; check it in first.");
        }

        return await ReleaseAndRotateAsync("manual");
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == MaintenanceReminder)
        {
            await DoDueWorkAsync();
        }
    }

    /// <summary>Checks in an expired lease, or retries a rotation whose time has come.</summary>
    private async Task DoDueWorkAsync()
    {
        if (!Account.Exists)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (Account.Lease is { } lease && CheckoutLease.IsExpired(lease, now))
        {
            await AuditAsync("account.checkin", AuditResults.Success, $"lease of {lease.Holder} under request {lease.RequestId} expired at {lease.Until:O}", lease.RequestId);
            await ReleaseAndRotateAsync("lease-expired");
        }
        else if (RotationPlan.IsDue(Account.Rotation, now))
        {
            await RotateNowAsync();
        }
        else
        {
            await ScheduleAsync();
        }
    }

    private async Task<RotationResult> ReleaseAndRotateAsync(string trigger)
    {
        var rotation = RotationPlan.Request(Account.Rotation, time.GetUtcNow(), trigger,
            () => protector.Protect(generator.Generate(), PasswordContext));
        state.State = Account with { Lease = null, Rotation = rotation };
        await state.WriteStateAsync();
        return await RotateNowAsync();
    }

    /// <summary>One attempt of the two-phase rotation. The pending password is already stored, so a
    /// crash anywhere below is recovered by the next attempt's reconciliation.</summary>
    private async Task<RotationResult> RotateNowAsync()
    {
        try
        {
            var pending = protector.Unprotect(Account.Rotation.PendingSecret!, PasswordContext);
            var step = RotationPlan.FirstStep(Account.Rotation);
            if (step == RotationStep.Reconcile)
            {
                var pendingWorks = await Target.VerifyLoginAsync(Kagi, Account.Username, pending);
                var currentWorks = !pendingWorks
                    && await Target.VerifyLoginAsync(Kagi, Account.Username, protector.Unprotect(Account.CurrentSecret, PasswordContext));
                step = RotationPlan.Reconcile(pendingWorks, currentWorks);
            }

            if (step == RotationStep.ChangeOnTarget)
            {
                await Target.ChangePasswordAsync(Kagi, Account.Username, pending);
                step = await Target.VerifyLoginAsync(Kagi, Account.Username, pending)
                    ? RotationStep.Commit
                    : throw new KagiException(ProblemCode.TargetUnavailable, "The target did not accept the new password after changing it.");
            }

            return step == RotationStep.Commit ? await CommitAsync() : await MarkOutOfSyncAsync();
        }
        catch (KagiException e)
        {
            return await RecordFailureAsync(e.Message);
        }
        finally
        {
            await ScheduleAsync();
        }
    }

    private async Task<RotationResult> CommitAsync()
    {
        var now = time.GetUtcNow();
        var trigger = Account.Rotation.Trigger;
        state.State = Account with
        {
            PreviousSecret = Account.CurrentSecret,
            CurrentSecret = Account.Rotation.PendingSecret!,
            Rotation = RotationPlan.Committed(Account.Rotation, now),
        };
        await state.WriteStateAsync();
        await AuditAsync("account.rotate", AuditResults.Success, $"trigger: {trigger}");
        return new RotationResult("completed", now, null);
    }

    private async Task<RotationResult> RecordFailureAsync(string error)
    {
        state.State = Account with { Rotation = RotationPlan.Failed(Account.Rotation, time.GetUtcNow(), error) };
        await state.WriteStateAsync();
        LogRotationFailed(logger, TenantId, LocalId, Account.Rotation.FailedAttempts, error);
        await AuditAsync("account.rotate", AuditResults.Failure, $"attempt {Account.Rotation.FailedAttempts}: {error}; next attempt at {Account.Rotation.NextAttemptAt:O}");
        return new RotationResult("pending", null, Account.Rotation.NextAttemptAt);
    }

    private async Task<RotationResult> MarkOutOfSyncAsync()
    {
        const string error = "The target accepts neither the current nor the pending password.";
        state.State = Account with { Rotation = RotationPlan.OutOfSync(Account.Rotation, error) };
        await state.WriteStateAsync();
        LogOutOfSync(logger, TenantId, LocalId);
        await AuditAsync("account.rotate", AuditResults.Failure, "out of sync: " + error);
        return new RotationResult("out-of-sync", null, null);
    }

    /// <summary>Aims the reminder at the next lease expiry or rotation retry, or removes it.</summary>
    private async Task ScheduleAsync()
    {
        var now = time.GetUtcNow();
        DateTimeOffset? due = Account.Lease?.Until;
        if (Account.Rotation is { Phase: RotationPhase.Pending, NextAttemptAt: { } retry } && (due is null || retry < due))
        {
            due = retry;
        }

        if (due is { } at)
        {
            var dueIn = at > now ? at - now : TimeSpan.Zero;
            await this.RegisterOrUpdateReminder(MaintenanceReminder, dueIn, ReminderPeriod);
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

    private void EnsureExists(Caller caller)
    {
        EnsureCaller(caller);
        if (!Account.Exists)
        {
            throw NotFound($"Account '{LocalId}'");
        }
    }

    private AccountInfo Info()
    {
        var lease = Account.Lease is { } l ? new LeaseInfo(l.RequestId, l.Holder, l.CheckedOutAt, l.Until) : null;
        var rotation = Account.Rotation.Phase switch
        {
            RotationPhase.Pending => "pending",
            RotationPhase.OutOfSync => "out-of-sync",
            _ => "idle",
        };
        return new AccountInfo(LocalId, Account.TargetId, Account.Username, Account.CreatedAt, lease, Account.Rotation.LastRotatedAt, rotation);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rotation of {TenantId}/{AccountId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogRotationFailed(ILogger logger, string tenantId, string accountId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {TenantId}/{AccountId} is out of sync with its target")]
    private static partial void LogOutOfSync(ILogger logger, string tenantId, string accountId);
}
