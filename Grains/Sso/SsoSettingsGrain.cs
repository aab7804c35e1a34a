using System.Collections.Immutable;
using Kagi.Domain.Sso;
using Kagi.Domain.Sso.Saml;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Security;

namespace Kagi.Sso;

/// <summary>
/// Load → check (<see cref="IdentityProviderRules"/>, <see cref="SamlProviderRules"/>, <see cref="SsoOnlyRules"/>) → seal a
/// new client secret (or keep the stored one while issuer and client id are unchanged; a SAML IdP has none) → persist. The list is bounded (ten providers), so it is
/// grain state. Re-sealed by the tenant's re-encryption walk.
/// </summary>
public sealed class SsoSettingsGrain(
    [PersistentState("ssoSettings", KagiStorage.GrainState)] IPersistentState<SsoSettingsState> state,
    TenantVault vault) : Grain, ISsoSettingsGrain, ISsoProvidersGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public Task<SsoSettingsView> GetAsync(Caller caller)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        return Task.FromResult(View());
    }

    public async Task<IdentityProviderView> PutProviderAsync(Caller caller, IdentityProviderInput provider)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        ArgumentNullException.ThrowIfNull(provider);
        if (IdentityProviderRules.Problem(provider, state.State) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        var existing = state.State.Providers.FirstOrDefault(p => p.Id == provider.Id);
        var stored = new IdentityProviderState(provider.Id, provider.DisplayName.Trim(), provider.Kind)
        {
            RoleMappings = provider.RoleMappings.IsDefault ? [] : provider.RoleMappings,
            GroupMappings = provider.GroupMappings.IsDefault ? [] : provider.GroupMappings,
        };
        if (provider.Kind == SsoKinds.Saml)
        {
            var saml = SamlProviderRules.Read(provider.Saml!, out var field, out var samlProblem)
                ?? throw new KagiException(ProblemCode.Invalid, samlProblem!, ImmutableDictionary<string, string>.Empty.Add(field!, samlProblem!));
            stored = stored with { Saml = saml };
        }
        else
        {
            var oidc = provider.Oidc!;
            var secret = oidc.ClientSecret is { } plain
                ? await vault.SealAsync(plain, SsoSecrets.ClientSecret(TenantId, provider.Id))
                : existing!.Oidc!.SealedClientSecret;
            stored = stored with
            {
                Oidc = new OidcProviderState(oidc.Issuer, oidc.ClientId, secret, IdentityProviderRules.NormalizeScopes(oidc.Scopes), oidc.UsernameClaim, oidc.GroupsClaim),
            };
        }

        var providers = existing is null ? state.State.Providers.Add(stored) : state.State.Providers.Replace(existing, stored);
        state.State = state.State with { Providers = providers };
        await state.WriteStateAsync();
        return stored.ToView();
    }

    public async Task RemoveProviderAsync(Caller caller, string providerId)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        var existing = state.State.Providers.FirstOrDefault(p => p.Id == providerId) ?? throw new KagiException(ProblemCode.NotFound, $"Identity provider '{providerId}' was not found.");
        var remaining = state.State.Providers.Remove(existing);
        if (state.State.SsoOnly && remaining.IsEmpty)
        {
            throw new KagiException(ProblemCode.InvalidState, "This is the last identity provider while \"SSO only\" is on; turn \"SSO only\" off first.");
        }

        state.State = state.State with { Providers = remaining };
        await state.WriteStateAsync();
    }

    public async Task<SsoSettingsView> SetSsoOnlyAsync(Caller caller, bool ssoOnly, ImmutableArray<string> breakGlass)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        if (SsoOnlyRules.Problem(ssoOnly, breakGlass, state.State) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        state.State = state.State with { SsoOnly = ssoOnly, BreakGlass = [.. breakGlass.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] };
        await state.WriteStateAsync();
        return View();
    }

    public Task<ImmutableArray<SsoProviderButton>> ListButtonsAsync(Caller caller)
    {
        TenantGuard.EnsureSystem(caller, TenantId);
        return Task.FromResult(state.State.Providers.Select(p => new SsoProviderButton(p.Id, p.DisplayName, p.Kind)).ToImmutableArray());
    }

    public Task<bool> PasswordSignInAllowedAsync(Caller caller, string username)
    {
        TenantGuard.EnsureSystem(caller, TenantId);
        return Task.FromResult(SsoOnlyRules.PasswordAllowed(state.State, username));
    }

    public Task<IdentityProviderState?> GetSealedAsync(Caller caller, string providerId)
    {
        TenantGuard.EnsureSystem(caller, TenantId);
        return Task.FromResult(state.State.Providers.FirstOrDefault(p => p.Id == providerId));
    }

    public async Task<int> ResealAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        var changed = 0;
        var providers = ImmutableArray.CreateBuilder<IdentityProviderState>();
        foreach (var provider in state.State.Providers)
        {
            if (provider.Oidc is { SealedClientSecret: { } secret } oidc)
            {
                var resealed = await vault.ResealAsync(secret, SsoSecrets.ClientSecret(TenantId, provider.Id));
                changed += ReferenceEquals(resealed, secret) ? 0 : 1;
                providers.Add(provider with { Oidc = oidc with { SealedClientSecret = resealed } });
            }
            else
            {
                providers.Add(provider);
            }
        }

        if (changed > 0)
        {
            state.State = state.State with { Providers = providers.ToImmutable() };
            await state.WriteStateAsync();
        }

        return changed;
    }

    private SsoSettingsView View() => new([.. state.State.Providers.Select(p => p.ToView())], state.State.SsoOnly, state.State.BreakGlass);
}
