using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Hosting;

namespace Kagi.Tenancy;

/// <summary>A tenant's sign-in settings: validated by the domain rules, then stored. Key: the tenant id.</summary>
public sealed class TenantSecurityGrain(
    [PersistentState("security", KagiStorage.GrainState)] IPersistentState<TenantSecurityState> state) : Grain, ITenantSecurityGrain
{
    private IpAllowList? _allowList;

    private string TenantId => this.GetPrimaryKeyString();

    private IpAllowList AllowList => _allowList ??= new IpAllowList(state.State.Settings.IpAllowList);

    public Task<TenantSecuritySettings> GetAsync() => Task.FromResult(state.State.Settings);

    public Task<TenantSecuritySettings> SetPasswordPolicyAsync(Caller caller, PasswordPolicySettings policy)
    {
        EnsureAdmin(caller);
        PasswordPolicy.Validate(policy);
        return SaveAsync(state.State.Settings with { PasswordPolicy = policy });
    }

    public Task<TenantSecuritySettings> SetLockoutAsync(Caller caller, LockoutSettings lockout)
    {
        EnsureAdmin(caller);
        LockoutPolicy.Validate(lockout);
        return SaveAsync(state.State.Settings with { Lockout = lockout });
    }

    public Task<TenantSecuritySettings> SetIpAllowListAsync(Caller caller, IpAllowListSettings allowList, bool force)
    {
        EnsureAdmin(caller);
        var normalized = IpAllowList.Normalize(allowList);
        if (!force && !new IpAllowList(normalized).Allows(caller.IpAddress, caller.Roles))
        {
            throw new KagiException(ProblemCode.SelfLockout,
                $"This list would not allow your own address ({caller.IpAddress ?? "unknown"}) with your roles; send it with \"force\": true to apply it anyway.");
        }

        return SaveAsync(state.State.Settings with { IpAllowList = normalized });
    }

    public Task<TenantSecuritySettings> ResetIpAllowListAsync() =>
        SaveAsync(state.State.Settings with { IpAllowList = new IpAllowListSettings() });

    public Task<TenantSecuritySettings> SetMfaAsync(Caller caller, MfaSettings mfa)
    {
        EnsureAdmin(caller);
        ArgumentNullException.ThrowIfNull(mfa);
        var roles = mfa.RequiredForRoles.IsDefault ? [] : mfa.RequiredForRoles;
        if (roles.Any(role => !KagiRoles.All.Contains(role)))
        {
            var problem = $"requiredForRoles must name some of: {string.Join(", ", KagiRoles.All)}";
            throw new KagiException(ProblemCode.Invalid, problem + ".", ImmutableDictionary<string, string>.Empty.Add("requiredForRoles", problem));
        }

        var passkeyRoles = mfa.PasskeyRequiredForRoles.IsDefault ? [] : mfa.PasskeyRequiredForRoles;
        if (passkeyRoles.Any(role => !KagiRoles.All.Contains(role)))
        {
            var problem = $"passkeyRequiredForRoles must name some of: {string.Join(", ", KagiRoles.All)}";
            throw new KagiException(ProblemCode.Invalid, problem + ".", ImmutableDictionary<string, string>.Empty.Add("passkeyRequiredForRoles", problem));
        }

        return SaveAsync(state.State.Settings with
        {
            Mfa = mfa with { RequiredForRoles = [.. roles.Distinct(StringComparer.Ordinal)], PasskeyRequiredForRoles = [.. passkeyRoles.Distinct(StringComparer.Ordinal)] },
        });
    }

    public Task<TenantSecuritySettings> SetAdaptiveAsync(Caller caller, AdaptiveAuthSettings adaptive)
    {
        EnsureAdmin(caller);
        RiskScorer.Validate(adaptive);
        return SaveAsync(state.State.Settings with { Adaptive = adaptive });
    }

    public Task<TenantSecuritySettings> SetSessionsAsync(Caller caller, SessionSettings sessions)
    {
        EnsureAdmin(caller);
        SessionClock.Validate(sessions);
        return SaveAsync(state.State.Settings with { Sessions = sessions });
    }

    public Task<bool> IsAllowedAsync(string? ipAddress, ImmutableArray<string>? roles) =>
        Task.FromResult(AllowList.Allows(ipAddress, roles is { IsDefault: false } list ? list : null));

    public Task<TenantAdmission> AdmitAsync(string? ipAddress, ImmutableArray<string>? roles) =>
        Task.FromResult(!AllowList.Allows(ipAddress, roles is { IsDefault: false } list ? list : null) ? TenantAdmission.IpNotAllowed
            : state.State.SuspendedAt is not null ? TenantAdmission.Suspended
            : TenantAdmission.Admitted);

    public async Task SetSuspendedAsync(DateTimeOffset? since)
    {
        if (state.State.SuspendedAt != since)
        {
            state.State = state.State with { SuspendedAt = since };
            await state.WriteStateAsync();
        }
    }

    private async Task<TenantSecuritySettings> SaveAsync(TenantSecuritySettings settings)
    {
        state.State = state.State with { Settings = settings };
        await state.WriteStateAsync();
        _allowList = null;
        return settings;
    }

    private void EnsureAdmin(Caller caller) => TenantGuard.EnsureAdmin(caller, TenantId);
}
