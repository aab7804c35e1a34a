using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// One-time (just-in-time) accounts of <see cref="PrivilegedAccountGrain"/>: created at check-out under an
/// approved request, removed or disabled when the lease ends (check-in, expiry, revocation). The intent
/// (name and sealed password) is stored and the reminder aimed before the target is touched, so cleanup
/// after a crash removes the name whether or not the creation finished.
/// </summary>
public sealed partial class PrivilegedAccountGrain
{
    private const int NameAttempts = 3;

    public async Task<AccountInfo> RegisterOneTimeAsync(Caller caller, OneTimeTemplate oneTime)
    {
        EnsureCaller(caller);
        if (Account.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Account '{LocalId}' already exists.");
        }

        var valid = OneTimeLifecycle.Validate(oneTime);
        var target = GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, valid.TargetId));
        _ = await target.GetAsync(caller) ?? throw NotFound($"Target '{valid.TargetId}'");
        await target.EnsureOneTimeCapableAsync(caller, valid.Grants);

        state.State = new AccountState
        {
            Exists = true,
            TargetId = valid.TargetId,
            Username = valid.Prefix,
            CreatedAt = time.GetUtcNow(),
            OneTime = valid,

            // Each check-out gets an account of its own, so nothing is rotated on check-in.
            Policy = AccountPolicy.Default with { RotateOnCheckin = false },
        };
        await state.WriteStateAsync();
        await ReportStatusAsync();
        return Info();
    }

    public async Task StartRequestAccessAsync(Caller caller, AccessRequestInfo request)
    {
        EnsureSystem(caller);

        if (!Account.Exists || Account.OneTime is null)
        {
            return;
        }

        // Created in the requester's name at the start of the window; their check-out hands the same account out.
        ArgumentNullException.ThrowIfNull(request);
        _ = await CheckOutOneTimeAsync(new Caller(TenantId, request.Requester, [KagiRoles.User], null), request.Id, AccessGrant.Of(request, LocalId));
    }

    private async Task<CheckoutGrant> CheckOutOneTimeAsync(Caller caller, string requestId, AccessGrant? known = null)
    {
        await DoDueWorkAsync();
        var template = Account.OneTime!;
        var request = known ?? GrantFor(requestId);
        var now = time.GetUtcNow();
        var (leases, lease) = CheckoutLease.Grant(Account.AllLeases, Account.Policy.AllowOverlappingCheckouts, request, caller.Username, now);
        var existing = OneTimeLifecycle.For(Account.AllOneTimeAccounts, lease);
        if (existing is { Phase: OneTimePhase.Active })
        {
            return await GrantOf(existing, lease);
        }

        var instances = Account.AllOneTimeAccounts;
        if (existing is not null)
        {
            // An intent a crashed check-out left behind: never created twice under one name; it is cleaned up.
            instances = OneTimeLifecycle.End(instances, i => i.Username == existing.Username, now);
        }

        var target = await Target.GetAsync(Kagi);
        var rules = PasswordRulesFor.Combine(Account.Policy.PasswordPolicy, target?.PasswordRules);
        for (var attempt = 1; attempt <= NameAttempts; attempt++)
        {
            var username = OneTimeLifecycle.NewUsername(template.Prefix);
            var password = PasswordGenerator.Generate(rules);
            var secret = await vault.SealAsync(password, PasswordContext);

            // The intent first: from here on, cleanup can remove the name whatever happens next.
            await AuditAsync("account.jit-create", AuditResults.Intent, $"{username} for {lease.Holder} until {lease.Until:O}", lease.RequestId);
            state.State = Account with { Lease = null, Leases = leases, OneTimeAccounts = OneTimeLifecycle.Intend(instances, lease, username, secret, now) };
            await state.WriteStateAsync();
            await ScheduleAsync();
            await ReportStatusAsync();
            try
            {
                await Target.CreateAccountAsync(Kagi, username, password, template.Grants);
            }
            catch (KagiException e) when (e.Code == ProblemCode.AlreadyExists)
            {
                // Not ours: leave it alone and pick another name.
                state.State = Account with { OneTimeAccounts = OneTimeLifecycle.Forget(Account.AllOneTimeAccounts, username) };
                instances = Account.AllOneTimeAccounts;
                await state.WriteStateAsync();
                await AuditAsync("account.jit-create", AuditResults.Failure, $"{username}: the name is taken on the target; trying another", lease.RequestId);
                continue;
            }
            catch (Exception e) when (e is KagiException or TimeoutException)
            {
                await CreationFailedAsync(lease, username, e is KagiException ? e.Message : "The target did not answer in time.");

                // A changed host key is the admins' business and names only fingerprints: it keeps its own problem.
                throw e is KagiException { Code: ProblemCode.HostKeyMismatch } mismatch
                    ? new KagiException(ProblemCode.HostKeyMismatch, mismatch.Message + " The one-time account was not created; nothing was handed out.")
                    : new KagiException(ProblemCode.TargetUnavailable, "The one-time account could not be created on the target; nothing was handed out.");
            }

            state.State = Account with { OneTimeAccounts = OneTimeLifecycle.Created(Account.AllOneTimeAccounts, username) };
            await state.WriteStateAsync();
            LogOneTimeCreated(logger, TenantId, LocalId, username);
            await AuditAsync("account.jit-create", AuditResults.Success, $"{username} for {lease.Holder} until {lease.Until:O}", lease.RequestId);
            return await GrantOf(OneTimeLifecycle.For(Account.AllOneTimeAccounts, lease)!, lease);
        }

        throw new KagiException(ProblemCode.TargetUnavailable, "No free name for a one-time account could be found on the target.");
    }

    /// <summary>The creation failed part-way: the lease goes, and the name is removed whether or not it exists.</summary>
    private async Task CreationFailedAsync(LeaseState lease, string username, string error)
    {
        var now = time.GetUtcNow();
        state.State = Account with
        {
            Leases = Account.AllLeases.Remove(lease),
            OneTimeAccounts = OneTimeLifecycle.End(Account.AllOneTimeAccounts, i => i.Username == username, now),
        };
        await state.WriteStateAsync();
        await AuditAsync("account.jit-create", AuditResults.Failure, $"{username}: {error}", lease.RequestId);
        _ = await CleanUpAsync();
    }

    private async Task<CheckoutGrant> GrantOf(OneTimeInstance instance, LeaseState lease) =>
        new(instance.Username, Account.Policy.ShowPassword ? await vault.OpenAsync(instance.Secret, PasswordContext) : null, lease.Until);

    /// <summary>The reminder's work on a one-time template: leases that ran out, then due cleanups.</summary>
    private async Task DoOneTimeDueWorkAsync(DueWork due)
    {
        if (!due.ExpiredLeases.IsEmpty)
        {
            foreach (var lease in due.ExpiredLeases)
            {
                await AuditAsync("account.checkin", AuditResults.Success, $"lease of {lease.Holder} under request {lease.RequestId} expired at {lease.Until:O}", lease.RequestId);
            }

            await AfterReleaseAsync([.. Account.AllLeases.Except(due.ExpiredLeases)], "lease-expired");
        }
        else if (due.OneTimeCleanup)
        {
            _ = await CleanUpAsync();
        }
        else
        {
            await ScheduleAsync();
        }
    }

    /// <summary>Ends the one-time accounts of the leases no longer held, and removes them now if the target lets us.</summary>
    private async Task<RotationResult> AfterOneTimeReleaseAsync(ImmutableArray<LeaseState> remaining)
    {
        var released = Account.AllLeases.Except(remaining);
        state.State = Account with
        {
            Lease = null,
            Leases = remaining,
            OneTimeAccounts = OneTimeLifecycle.EndFor(Account.AllOneTimeAccounts, released, time.GetUtcNow()),
        };
        await state.WriteStateAsync();
        await ReportStatusAsync();
        return await CleanUpAsync();
    }

    /// <summary>Removes (or disables) every one-time account whose cleanup is due; failures retry with backoff.</summary>
    private async Task<RotationResult> CleanUpAsync()
    {
        var now = time.GetUtcNow();
        state.State = Account with { OneTimeAccounts = OneTimeLifecycle.EndOverdue(Account.AllOneTimeAccounts, now) };
        try
        {
            foreach (var instance in OneTimeLifecycle.DueForCleanup(Account.AllOneTimeAccounts, now))
            {
                await CleanUpAsync(instance);
            }
        }
        finally
        {
            await state.WriteStateAsync();
            await ScheduleAsync();
        }

        var left = Account.AllOneTimeAccounts.Where(i => i.Phase == OneTimePhase.Ending).Select(i => i.NextCleanupAt).Min();
        return left is null ? new RotationResult("removed", time.GetUtcNow(), null) : new RotationResult("pending", null, left);
    }

    private async Task CleanUpAsync(OneTimeInstance instance)
    {
        var disable = Account.OneTime!.EndAction == OneTimeEndAction.Disable && !instance.RemoveRegardless;
        try
        {
            string outcome;
            if (disable)
            {
                // A password nobody ever sees, not even Kagi: the account stays but cannot be used.
                await Target.ChangePasswordAsync(Kagi, instance.Username, PasswordGenerator.Generate(PasswordRules.Default with { Length = 32 }));
                outcome = "disabled";
            }
            else
            {
                outcome = await Target.RemoveAccountAsync(Kagi, instance.Username);
            }

            state.State = Account with { OneTimeAccounts = OneTimeLifecycle.Forget(Account.AllOneTimeAccounts, instance.Username) };
            await state.WriteStateAsync();
            LogOneTimeRemoved(logger, TenantId, LocalId, instance.Username, outcome);
            await AuditAsync("account.jit-remove", AuditResults.Success, $"{instance.Username}: {outcome}", instance.RequestId);
        }
        catch (Exception e) when (e is KagiException or TimeoutException)
        {
            var error = e is KagiException ? e.Message : "The target did not answer in time.";
            var now = time.GetUtcNow();
            state.State = Account with { OneTimeAccounts = OneTimeLifecycle.CleanupFailed(Account.AllOneTimeAccounts, instance.Username, now, error) };
            await state.WriteStateAsync();
            var failed = Account.AllOneTimeAccounts.Single(i => i.Username == instance.Username);
            LogOneTimeCleanupFailed(logger, TenantId, LocalId, instance.Username, failed.CleanupAttempts, error);
            await AuditAsync("account.jit-remove", AuditResults.Failure,
                $"{instance.Username}: attempt {failed.CleanupAttempts}: {error}; next attempt at {failed.NextCleanupAt:O}", instance.RequestId);
        }
    }

    private async Task<int> ResealOneTimeAsync()
    {
        var changed = 0;
        var resealed = ImmutableArray.CreateBuilder<OneTimeInstance>();
        foreach (var instance in Account.AllOneTimeAccounts)
        {
            var secret = await vault.ResealAsync(instance.Secret, PasswordContext);
            changed += Changed(instance.Secret, secret);
            resealed.Add(instance with { Secret = secret });
        }

        if (changed > 0)
        {
            state.State = Account with { OneTimeAccounts = resealed.ToImmutable() };
            await state.WriteStateAsync();
        }

        return changed;
    }

    private ImmutableArray<OneTimeAccountInfo> OneTimeInfo() =>
        [.. Account.AllOneTimeAccounts.Select(i =>
            new OneTimeAccountInfo(i.Username, i.RequestId, i.Holder, OneTimeLifecycle.PhaseName(i.Phase), i.Until, i.CleanupAttempts, i.NextCleanupAt))];

    [LoggerMessage(Level = LogLevel.Information, Message = "One-time account {Username} of {TenantId}/{AccountId} created")]
    private static partial void LogOneTimeCreated(ILogger logger, string tenantId, string accountId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "One-time account {Username} of {TenantId}/{AccountId} cleaned up: {Outcome}")]
    private static partial void LogOneTimeRemoved(ILogger logger, string tenantId, string accountId, string username, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup of one-time account {Username} of {TenantId}/{AccountId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogOneTimeCleanupFailed(ILogger logger, string tenantId, string accountId, string username, int attempt, string error);
}
