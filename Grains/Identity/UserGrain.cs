using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Security;
using Kagi.Tenancy;

namespace Kagi.Identity;

/// <summary>
/// A user: password (Argon2id), lockout with its unlock timer, TOTP, sessions and API tokens.
/// Rules live in Domain/Identity; this grain loads, decides through them, persists and schedules.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", KagiStorage.GrainState)] IPersistentState<UserState> state,
    PasswordHasher hasher,
    TenantVault vault,
    IGeoLocator geo,
    TimeProvider time) : TenantScopedGrain, IUserGrain
{
    private const int MaximumNotices = 20;
    private IGrainTimer? _unlockTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleUnlock();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<UserInfo> CreateAsync(Caller caller, NewUser user)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Roles.IsDefaultOrEmpty || user.Roles.Any(role => !KagiRoles.All.Contains(role)))
        {
            throw new KagiException(ProblemCode.Invalid, $"Roles must be some of: {string.Join(", ", KagiRoles.All)}.");
        }

        if (ProfileRules.Problem(user.Email, user.Locale, user.Groups) is { } profileProblem)
        {
            throw new KagiException(ProblemCode.Invalid, profileProblem);
        }

        if (state.State.Deleted)
        {
            // A name in the audit log must keep meaning one person: a deleted user's name is never given to another.
            throw new KagiException(ProblemCode.AlreadyExists,
                $"User '{LocalId}' was deleted on {state.State.DeletedAt:yyyy-MM-dd}; usernames are not reused, so choose another.");
        }

        var roles = user.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (state.State.Exists)
        {
            // An identical repeat (same password, same roles) succeeds, so callers can retry safely. It
            // reports the directory entry again: the first attempt may have stored the user and then
            // lost the inventory's silo before reporting it.
            var storedHash = state.State.PasswordHash;
            var identical = state.State.Roles.SequenceEqual(roles)
                && await hasher.VerifyAsync(storedHash, user.Password);
            if (!identical)
            {
                throw new KagiException(ProblemCode.AlreadyExists, $"User '{LocalId}' already exists.");
            }

            await ReportDirectoryEntryAsync();
            return Info();
        }

        var policy = (await SettingsAsync()).PasswordPolicy;
        new PasswordPolicy(policy).Enforce(user.Password, LocalId, _ => false);

        // Argon2id takes tens of milliseconds of CPU: the hasher keeps it off the grain scheduler's threads.
        var hash = await hasher.HashAsync(user.Password, policy.HashIterations, policy.HashMemoryMiB);
        var now = time.GetUtcNow();
        state.State = new UserState
        {
            Exists = true, PasswordHash = hash, Roles = roles, CreatedAt = now, PasswordChangedAt = now,
            Risk = state.State.Risk ?? new RiskProfile(),
            Email = string.IsNullOrEmpty(user.Email) ? null : user.Email,
            Locale = user.Locale ?? UserLocales.English,
            Groups = ProfileRules.NormalizeGroups(user.Groups),
        };
        await state.WriteStateAsync();
        await ReportDirectoryEntryAsync();
        return Info();
    }

    public async Task<UserInfo?> CheckPasswordAsync(string password)
    {
        // Grain state may only be touched on the grain's own scheduler: copy it before the hasher runs on the thread pool.
        var known = state.State.Exists;
        var storedHash = state.State.PasswordHash;
        var matches = await (known ? hasher.VerifyAsync(storedHash, password) : hasher.VerifyDecoyAsync(password));
        return known && matches && !state.State.Disabled ? Info() : null;
    }

    public async Task<bool> ReportToInventoryAsync(Caller caller)
    {
        EnsureSystem(caller);
        if (!state.State.Exists)
        {
            return false;
        }

        await ReportDirectoryEntryAsync();
        return true;
    }

    public Task<UserInfo?> GetAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(state.State.Exists ? Info() : null);
    }

    public async Task DisableAsync(Caller caller)
    {
        EnsureAdmin(caller);
        await ClaimDirectoryChangeAsync(DirectoryEntryOf(state.State with { Disabled = true }));
        var ending = state.State.Sessions.Select(s => s.Key).Concat(state.State.ApiTokens.Select(t => t.SessionKey)).ToList();
        state.State = state.State with { Disabled = true, Sessions = [], ApiTokens = [] };
        await state.WriteStateAsync();
        await EndSessionsAsync(ending);
        await ReportDirectoryEntryAsync();
    }

    public async Task UnlockAsync(Caller caller)
    {
        EnsureAdmin(caller);
        state.State = state.State with { Lockout = LockoutPolicy.Unlock(state.State.Lockout) };
        await state.WriteStateAsync();
        _unlockTimer?.Dispose();
        _unlockTimer = null;
    }

    /// <summary>The user's own notices and those others left in their box, newest first.</summary>
    public async Task<ImmutableArray<UserNotice>> GetNoticesAsync(Caller caller)
    {
        EnsureSelf(caller);
        var left = await GrainFactory.GetGrain<IUserNoticeBoxGrain>(this.GetPrimaryKeyString()).ListAsync(Caller.System(TenantId));
        var own = state.State.Notices.IsDefault ? [] : state.State.Notices;
        return [.. own.Concat(left).OrderByDescending(n => n.Time).Take(MaximumNotices)];
    }

    private UserInfo Info() => new(TenantId, LocalId, state.State.Roles, state.State.CreatedAt)
    {
        Disabled = state.State.Disabled,
        MfaEnabled = state.State.Mfa.Enabled,
        LockedUntil = state.State.Lockout.LockedUntil,
        Email = state.State.Email,
        Locale = state.State.Locale,
        Groups = state.State.Groups,
        TimeZone = state.State.TimeZone,
    };

    private Task<TenantSecuritySettings> SettingsAsync() => GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();

    private void EnsureSelf(Caller caller)
    {
        EnsureCaller(caller);
        if (!state.State.Exists || !string.Equals(caller.Username, LocalId, StringComparison.Ordinal))
        {
            throw NotFound("The user");
        }
    }

    private new void EnsureAdmin(Caller caller)
    {
        base.EnsureAdmin(caller);
        if (!state.State.Exists)
        {
            throw NotFound($"User '{LocalId}'");
        }
    }

    private async Task EndSessionsAsync(IEnumerable<string> keys) =>
        await Task.WhenAll(keys.Select(key => GrainFactory.GetGrain<ISessionGrain>(key).EndAsync()));

    private Task<long?> AuditAsync(string action, string result, string? ipAddress, string? detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(TenantId)
            .AppendAsync(new AuditEvent(time.GetUtcNow(), Caller.SystemName, action, LocalId, result, ipAddress, detail));

    private UserState WithNotice(UserState current, string kind, string message, string? ipAddress) => current with
    {
        Notices = [.. current.Notices.Prepend(new UserNotice(time.GetUtcNow(), kind, message, ipAddress)).Take(MaximumNotices)],
    };

    /// <summary>Arms the one-shot unlock timer for the current lock, if any. The timer only triggers
    /// <see cref="UnlockWhenDueAsync"/>, which decides by the clock.</summary>
    private void ScheduleUnlock()
    {
        _unlockTimer?.Dispose();
        _unlockTimer = null;
        if (state.State.Lockout.LockedUntil is not { } until)
        {
            return;
        }

        var due = until - time.GetUtcNow();
        _unlockTimer = this.RegisterGrainTimer(UnlockWhenDueAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task UnlockWhenDueAsync(CancellationToken cancellationToken)
    {
        var lockout = state.State.Lockout;
        if (lockout.LockedUntil is null)
        {
            return;
        }

        if (lockout.LockedUntil > time.GetUtcNow())
        {
            ScheduleUnlock();
            return;
        }

        state.State = state.State with { Lockout = LockoutPolicy.Unlock(lockout) };
        await state.WriteStateAsync(cancellationToken);
        _unlockTimer = null;
        await AuditAsync("user.unlock", AuditResults.Success, null, "lock expired");
    }
}
