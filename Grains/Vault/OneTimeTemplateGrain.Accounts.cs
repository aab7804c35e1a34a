using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// The one-time accounts of <see cref="OneTimeTemplateGrain"/>: created at check-out under an approved request,
/// removed or disabled when the lease ends (check-in, expiry, revocation). The intent (name and sealed password)
/// is stored and the reminder aimed before the target is touched, so cleanup after a crash removes the name
/// whether or not the creation finished.
/// </summary>
public sealed partial class OneTimeTemplateGrain
{
    private const int NameAttempts = 3;

    private async Task<CheckoutGrant> CheckOutAsync(Caller caller, AccessGrant request)
    {
        await DoDueWorkAsync();
        var now = time.GetUtcNow();
        var (leases, lease) = CheckoutLease.Grant(Template.AllLeases, Template.Policy.AllowOverlappingCheckouts, request, caller.Username, now);
        var existing = OneTimeLifecycle.For(Template.AllAccounts, lease);
        if (existing is { Phase: OneTimePhase.Active })
        {
            return await GrantOf(existing, lease);
        }

        var instances = Template.AllAccounts;
        if (existing is not null)
        {
            // An intent a crashed check-out left behind: never created twice under one name; it is cleaned up.
            instances = OneTimeLifecycle.End(instances, i => i.Username == existing.Username, now);
        }

        var target = await Target.GetAsync(Kagi);
        var rules = PasswordRulesFor.Combine(Template.Policy.PasswordPolicy, target?.PasswordRules);
        for (var attempt = 1; attempt <= NameAttempts; attempt++)
        {
            var username = OneTimeLifecycle.NewUsername(Definition.Prefix, CryptoRandom.Shared);
            var password = PasswordGenerator.Generate(rules, CryptoRandom.Shared);
            var secret = await vault.SealAsync(password, PasswordContext);

            // The intent first: from here on, cleanup can remove the name whatever happens next.
            await AuditAsync("account.jit-create", AuditResults.Intent, $"{username} for {lease.Holder} until {lease.Until:O}", lease.RequestId);
            state.State = Template with { Leases = leases, Accounts = OneTimeLifecycle.Intend(instances, lease, username, secret, now) };
            await state.WriteStateAsync();
            await ScheduleAsync();
            await ReportStatusAsync();
            try
            {
                await Target.CreateAccountAsync(Kagi, username, password, Definition.Grants);
            }
            catch (KagiException e) when (e.Code == ProblemCode.AlreadyExists)
            {
                // Not ours: leave it alone and pick another name.
                state.State = Template with { Accounts = OneTimeLifecycle.Forget(Template.AllAccounts, username) };
                instances = Template.AllAccounts;
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

            state.State = Template with { Accounts = OneTimeLifecycle.Created(Template.AllAccounts, username) };
            await state.WriteStateAsync();
            LogOneTimeCreated(logger, TenantId, LocalId, username);
            await AuditAsync("account.jit-create", AuditResults.Success, $"{username} for {lease.Holder} until {lease.Until:O}", lease.RequestId);
            return await GrantOf(OneTimeLifecycle.For(Template.AllAccounts, lease)!, lease);
        }

        throw new KagiException(ProblemCode.TargetUnavailable, "No free name for a one-time account could be found on the target.");
    }

    /// <summary>The creation failed part-way: the lease goes, and the name is removed whether or not it exists.</summary>
    private async Task CreationFailedAsync(LeaseState lease, string username, string error)
    {
        var now = time.GetUtcNow();
        state.State = Template with
        {
            Leases = Template.AllLeases.Remove(lease),
            Accounts = OneTimeLifecycle.End(Template.AllAccounts, i => i.Username == username, now),
        };
        await state.WriteStateAsync();
        await AuditAsync("account.jit-create", AuditResults.Failure, $"{username}: {error}", lease.RequestId);
        _ = await CleanUpAsync();
    }

    private async Task<CheckoutGrant> GrantOf(OneTimeInstance instance, LeaseState lease) =>
        new(instance.Username, Template.Policy.ShowPassword ? await vault.OpenAsync(instance.Secret, PasswordContext) : null, lease.Until);

    /// <summary>Removes (or disables) every one-time account whose cleanup is due; failures retry with backoff.</summary>
    private async Task<RotationResult> CleanUpAsync()
    {
        var now = time.GetUtcNow();
        state.State = Template with { Accounts = OneTimeLifecycle.EndOverdue(Template.AllAccounts, now) };
        try
        {
            foreach (var instance in OneTimeLifecycle.DueForCleanup(Template.AllAccounts, now))
            {
                await CleanUpAsync(instance);
            }
        }
        finally
        {
            await state.WriteStateAsync();
            await ScheduleAsync();
        }

        var left = Template.AllAccounts.Where(i => i.Phase == OneTimePhase.Ending).Select(i => i.NextCleanupAt).Min();
        return left is null ? new RotationResult("removed", time.GetUtcNow(), null) : new RotationResult("pending", null, left);
    }

    private async Task CleanUpAsync(OneTimeInstance instance)
    {
        var disable = Definition.EndAction == OneTimeEndAction.Disable && !instance.RemoveRegardless;
        try
        {
            string outcome;
            if (disable)
            {
                // A password nobody ever sees, not even Kagi: the account stays but cannot be used.
                await Target.ChangePasswordAsync(Kagi, instance.Username, PasswordGenerator.Generate(PasswordRules.Default with { Length = 32 }, CryptoRandom.Shared));
                outcome = "disabled";
            }
            else
            {
                outcome = await Target.RemoveAccountAsync(Kagi, instance.Username);
            }

            state.State = Template with { Accounts = OneTimeLifecycle.Forget(Template.AllAccounts, instance.Username) };
            await state.WriteStateAsync();
            LogOneTimeRemoved(logger, TenantId, LocalId, instance.Username, outcome);
            await AuditAsync("account.jit-remove", AuditResults.Success, $"{instance.Username}: {outcome}", instance.RequestId);
        }
        catch (Exception e) when (e is KagiException or TimeoutException)
        {
            var error = e is KagiException ? e.Message : "The target did not answer in time.";
            var now = time.GetUtcNow();
            state.State = Template with { Accounts = OneTimeLifecycle.CleanupFailed(Template.AllAccounts, instance.Username, now, error) };
            await state.WriteStateAsync();
            var failed = Template.AllAccounts.Single(i => i.Username == instance.Username);
            LogOneTimeCleanupFailed(logger, TenantId, LocalId, instance.Username, failed.CleanupAttempts, error);
            await AuditAsync("account.jit-remove", AuditResults.Failure,
                $"{instance.Username}: attempt {failed.CleanupAttempts}: {error}; next attempt at {failed.NextCleanupAt:O}", instance.RequestId);
        }
    }

    /// <summary>Re-seals the passwords of the one-time accounts not yet cleaned up.</summary>
    public async Task<int> ResealAsync(Caller caller)
    {
        EnsureCaller(caller);
        var changed = 0;
        var resealed = ImmutableArray.CreateBuilder<OneTimeInstance>();
        foreach (var instance in Template.AllAccounts)
        {
            var secret = await vault.ResealAsync(instance.Secret, PasswordContext);
            changed += ReferenceEquals(instance.Secret, secret) ? 0 : 1;
            resealed.Add(instance with { Secret = secret });
        }

        if (changed > 0)
        {
            state.State = Template with { Accounts = resealed.ToImmutable() };
            await state.WriteStateAsync();
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "One-time account {Username} of {TenantId}/{AccountId} created")]
    private static partial void LogOneTimeCreated(ILogger logger, string tenantId, string accountId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "One-time account {Username} of {TenantId}/{AccountId} cleaned up: {Outcome}")]
    private static partial void LogOneTimeRemoved(ILogger logger, string tenantId, string accountId, string username, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup of one-time account {Username} of {TenantId}/{AccountId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogOneTimeCleanupFailed(ILogger logger, string tenantId, string accountId, string username, int attempt, string error);
}
