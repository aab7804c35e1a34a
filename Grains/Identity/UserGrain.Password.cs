using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Security;

namespace Kagi.Identity;

/// <summary>The user's own password: changing it, and asking for it again before a new credential is made.</summary>
public sealed partial class UserGrain
{
    public async Task ChangePasswordAsync(Caller caller, PasswordChange change)
    {
        EnsureSelf(caller);
        ArgumentNullException.ThrowIfNull(change);
        var (currentPassword, newPassword) = (change.CurrentPassword, change.NewPassword);
        await ConfirmPasswordAsync(currentPassword);

        var storedHash = state.State.PasswordHash;
        var policySettings = (await SettingsAsync()).PasswordPolicy;
        var policy = new PasswordPolicy(policySettings);
        var previous = policy.TrimHistory(state.State.PasswordHistory.Prepend(storedHash));
        var isPrevious = (string candidate) => previous.Any(hash => hasher.Verify(hash, candidate));
        await hasher.InTurnAsync(() => { policy.Enforce(newPassword, LocalId, isPrevious); return true; });
        var hash = await hasher.HashAsync(newPassword, policySettings.HashIterations, policySettings.HashMemoryMiB);

        var (next, ending) = WithoutSessionsOrTokens(state.State with
        {
            PasswordHash = hash,
            PasswordHistory = [.. policy.TrimHistory(previous)],
            PasswordChangedAt = time.GetUtcNow(),
        }, "Your password was changed", caller.IpAddress);
        state.State = next;
        await state.WriteStateAsync();
        await EndSessionsAsync(ending);
    }

    /// <summary>
    /// Refuses unless <paramref name="password"/> is the user's current one. A wrong one counts towards
    /// the lock exactly like a failed sign-in, and a locked account is refused whatever the password, so a
    /// stolen session cannot be used to guess the password here at leisure. A right one clears the
    /// failures as a sign-in would.
    /// </summary>
    private async Task ConfirmPasswordAsync(string password)
    {
        var lockout = new LockoutPolicy((await SettingsAsync()).Lockout);
        var now = time.GetUtcNow();
        if (lockout.LockedFor(state.State.Lockout, now) is { } locked)
        {
            throw new KagiException(ProblemCode.Locked, SignInDecision.LockedMessage, locked);
        }

        var storedHash = state.State.PasswordHash;
        if (await hasher.VerifyAsync(storedHash, password))
        {
            if (state.State.Lockout != LockoutPolicy.RecordSuccess())
            {
                state.State = state.State with { Lockout = LockoutPolicy.RecordSuccess() };
                await state.WriteStateAsync();
            }

            return;
        }

        var next = lockout.RecordFailure(state.State.Lockout, now);
        state.State = state.State with { Lockout = next };
        await state.WriteStateAsync();
        if (lockout.LockedFor(next, now) is { } lockedNow)
        {
            ScheduleUnlock();
            throw new KagiException(ProblemCode.Locked, SignInDecision.LockedMessage, lockedNow);
        }

        throw new KagiException(ProblemCode.InvalidCredentials, "The current password is wrong.");
    }

    /// <summary>
    /// After a password change or an MFA reset nothing made under the old credentials may go on
    /// working: every session and API token ends. Ending tokens breaks the user's automation, so they
    /// are told which ones (GET /me/notices).
    /// </summary>
    private (UserState Next, ImmutableArray<string> Ending) WithoutSessionsOrTokens(UserState current, string why, string? ipAddress)
    {
        var now = time.GetUtcNow();
        var ending = current.Sessions.Select(s => s.Key).Concat(current.ApiTokens.Select(t => t.SessionKey)).ToImmutableArray();
        var revoked = current.ApiTokens.Where(t => t.Info.ExpiresAt > now).Select(t => t.Info.Name).ToList();
        var next = current with { Sessions = [], ApiTokens = [] };
        return (revoked.Count == 0 ? next : WithNotice(next, "api-tokens-revoked",
            $"{why}, so your API tokens were revoked: {string.Join(", ", revoked)}. Create new ones where you still need them.", ipAddress), ending);
    }
}
