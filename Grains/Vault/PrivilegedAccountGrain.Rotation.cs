using System.Collections.Immutable;
using System.Globalization;
using Kagi.Audit;
using Kagi.Diagnostics;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Notifications;
using Kagi.Reports;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>The two-phase rotation and the heartbeat of <see cref="PrivilegedAccountGrain"/>.</summary>
public sealed partial class PrivilegedAccountGrain
{
    private async Task<RotationResult> RequestRotationAsync(string trigger)
    {
        var fresh = await SealNewPasswordAsync();
        var rotation = RotationPlan.Request(Account.Rotation, time.GetUtcNow(), trigger, () => fresh);
        state.State = Account with { Rotation = rotation };
        return await RotateNowAsync();
    }

    /// <summary>One attempt of the two-phase rotation. The pending password is already stored, so a
    /// crash anywhere below is recovered by the next attempt's reconciliation.</summary>
    private async Task<RotationResult> RotateNowAsync()
    {
        if (await PaceAsync() is { } turn)
        {
            state.State = Account with { Rotation = RotationPlan.Deferred(Account.Rotation, turn) };
            await state.WriteStateAsync();
            await ReportStatusAsync();
            await ScheduleAsync();
            return new RotationResult("pending", null, turn);
        }

        // Persist the pending password and aim the reminder before the target is touched; the two writes go to
        // different tables and neither needs the other, so they are made side by side.
        state.State = Account with { Rotation = RotationPlan.Attempting(Account.Rotation, time.GetUtcNow()) };
        await Task.WhenAll(state.WriteStateAsync(), ScheduleAsync());
        try
        {
            var pending = await vault.OpenAsync(Account.Rotation.PendingSecret!, PasswordContext);
            var step = RotationPlan.FirstStep(Account.Rotation);
            if (step == RotationStep.Reconcile)
            {
                var pendingWorks = await Target.VerifyLoginAsync(Kagi, Account.Username, pending);
                var currentWorks = !pendingWorks
                    && await Target.VerifyLoginAsync(Kagi, Account.Username, await vault.OpenAsync(Account.CurrentSecret, PasswordContext));
                step = RotationPlan.Reconcile(pendingWorks, currentWorks);
            }

            if (step == RotationStep.ChangeOnTarget)
            {
                await Target.ChangePasswordAsync(Kagi, Account.Username, pending);
                step = await Target.VerifyLoginAsync(Kagi, Account.Username, pending)
                    ? RotationStep.Commit
                    : throw new KagiException(ProblemCode.TargetUnavailable, "The target did not accept the new password after changing it.");
            }

            if (step == RotationStep.Commit)
            {
                return await CommitAsync();
            }

            KagiMetrics.Rotation("out-of-sync", await TargetKindAsync());
            return await MarkOutOfSyncAsync(Account.Rotation.Trigger ?? "retry", "The target accepts neither the current nor the pending password.");
        }
        catch (Exception e) when (e is KagiException or TimeoutException)
        {
            return await RecordFailureAsync(e is KagiException ? e.Message : "The target did not answer in time.");
        }
        finally
        {
            await ReportStatusAsync();
            await ScheduleAsync();
        }
    }

    private async Task<RotationResult> CommitAsync()
    {
        var now = time.GetUtcNow();
        var trigger = Account.Rotation.Trigger ?? "unknown";
        state.State = Account with
        {
            PreviousSecret = Account.CurrentSecret,
            CurrentSecret = Account.Rotation.PendingSecret!,
            Rotation = RotationPlan.Committed(Account.Rotation, now),
            History = AccountAgenda.Record(Account.History, new RotationHistoryEntry(now, trigger, "completed", null)),
        };
        await state.WriteStateAsync();
        KagiMetrics.Rotation("completed", await TargetKindAsync());

        // The new password is stored; the audit record, the inventory row and the reminder's new aim depend on it
        // but not on each other. All are awaited, so a refused audit append still fails the call.
        await Task.WhenAll(AuditAsync("account.rotate", AuditResults.Success, $"trigger: {trigger}"), ReportStatusAsync(), ScheduleAsync());
        return new RotationResult("completed", now, null);
    }

    private async Task<RotationResult> RecordFailureAsync(string error)
    {
        var now = time.GetUtcNow();
        var rotation = RotationPlan.Failed(Account.Rotation, now, error);
        state.State = Account with
        {
            Rotation = rotation,
            History = AccountAgenda.Record(Account.History, new RotationHistoryEntry(now, rotation.Trigger ?? "unknown", "failed", error)),
        };
        await state.WriteStateAsync();
        LogRotationFailed(logger, TenantId, LocalId, rotation.FailedAttempts, error);
        KagiMetrics.Rotation("failed", await TargetKindAsync());
        await AuditAsync("account.rotate", AuditResults.Failure, $"attempt {rotation.FailedAttempts}: {error}; next attempt at {rotation.NextAttemptAt:O}");
        return new RotationResult("pending", null, rotation.NextAttemptAt);
    }

    private async Task<RotationResult> MarkOutOfSyncAsync(string trigger, string error)
    {
        var now = time.GetUtcNow();
        var isNews = OutOfSyncAlert.IsNew(Account.History);
        state.State = Account with
        {
            Rotation = RotationPlan.OutOfSync(Account.Rotation, error),
            History = AccountAgenda.Record(Account.History, new RotationHistoryEntry(now, trigger, "out-of-sync", error)),
        };
        await state.WriteStateAsync();
        LogOutOfSync(logger, TenantId, LocalId);
        KagiMetrics.AccountOutOfSync(await TargetKindAsync());
        await AuditAsync(RotationOutcome.Action, AuditResults.Failure, RotationOutcome.OutOfSyncDetail + error);
        await ReportStatusAsync();
        if (isNews)
        {
            await TellAdminsOutOfSyncAsync(trigger, error, now);
        }

        // The target's admin credential is the reconcile account: it sets a fresh password without
        // the lost one. If that fails too, the account stays pending and retries with backoff.
        var fresh = await SealNewPasswordAsync();
        state.State = Account with { Rotation = RotationPlan.Reset(Account.Rotation, time.GetUtcNow(), () => fresh) };
        await state.WriteStateAsync();
        return await RotateNowAsync();
    }

    /// <summary>Drift is a security event: the password may have been changed outside Kagi (mail, webhook, in-app notice).</summary>
    private async Task TellAdminsOutOfSyncAsync(string trigger, string error, DateTimeOffset now) =>
        await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Caller.System(TenantId), new NotificationRequest(
            NotificationEvents.SecurityAccountOutOfSync, [], ToAdmins: true, ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["tenant"] = TenantId,
                ["accountId"] = LocalId,
                ["username"] = Account.Username,
                ["target"] = Account.TargetId,
                ["trigger"] = trigger,
                ["reason"] = error,
                ["time"] = now.ToString("u", CultureInfo.InvariantCulture),
            })));
    /// <summary>The target's kind, for metrics only: asked once per activation (a target never changes kind), "unknown" if the target is gone.</summary>
    private async Task<string> TargetKindAsync() => _targetKind ??= (await Target.GetAsync(Kagi))?.Kind ?? "unknown";

    /// <summary>Checks that the stored password still logs in; drift marks the account out of sync.</summary>
    private async Task HeartbeatAsync()
    {
        if (await PaceAsync() is not null)
        {
            await ScheduleAsync();
            return;
        }

        var now = time.GetUtcNow();
        bool works;
        try
        {
            works = await Target.VerifyLoginAsync(Kagi, Account.Username, await vault.OpenAsync(Account.CurrentSecret, PasswordContext));
        }
        catch (KagiException e)
        {
            // An unreachable target says nothing about drift: note it and try at the next heartbeat.
            state.State = Account with { LastHeartbeatAt = now };
            await state.WriteStateAsync();
            await AuditAsync("account.heartbeat", AuditResults.Failure, e.Message);
            await ScheduleAsync();
            return;
        }

        state.State = Account with { LastHeartbeatAt = now };
        await state.WriteStateAsync();
        if (works)
        {
            await ScheduleAsync();
            return;
        }

        await AuditAsync("account.heartbeat", AuditResults.Failure, "drift: the stored password no longer logs in");
        await MarkOutOfSyncAsync("heartbeat", "Heartbeat: the stored password no longer logs in; the password was changed outside Kagi.");
    }

    /// <summary>
    /// Takes this account's turn on the target's pacing before touching the target. Null: go ahead now
    /// (after waiting in place for a turn that is close). Otherwise the turn, which is stored so that
    /// coming back then does not queue again; the caller defers its work until it.
    /// </summary>
    private async Task<DateTimeOffset?> PaceAsync()
    {
        var now = time.GetUtcNow();
        if (Account.TargetSlot is { } held)
        {
            if (held > now)
            {
                return held;
            }

            // The turn is used now; the caller's next write stores that.
            state.State = Account with { TargetSlot = null };
            return null;
        }

        var turn = await Target.ReserveTurnAsync(Kagi);
        if (TargetPacing.WaitInPlace(turn, now))
        {
            if (turn > now)
            {
                await Task.Delay(turn - now, time);
            }

            return null;
        }

        state.State = Account with { TargetSlot = turn };
        await state.WriteStateAsync();
        return turn;
    }

    /// <summary>A fresh password that follows the account's rules and the target's own, sealed.</summary>
    private async Task<byte[]> SealNewPasswordAsync()
    {
        var target = await Target.GetAsync(Kagi);
        return await vault.SealAsync(PasswordGenerator.Generate(PasswordRulesFor.Combine(Account.Policy.PasswordPolicy, target?.PasswordRules), CryptoRandom.Shared), PasswordContext);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rotation of {TenantId}/{AccountId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogRotationFailed(ILogger logger, string tenantId, string accountId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {TenantId}/{AccountId} is out of sync with its target")]
    private static partial void LogOutOfSync(ILogger logger, string tenantId, string accountId);
}
