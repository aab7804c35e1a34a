using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Sso;

/// <summary>
/// The tenant's identity providers (at most <see cref="SsoLimits.MaximumProviders"/>) and its "SSO only" switch with
/// the break-glass accounts that keep their password. Client secrets are sealed with the tenant's data key and
/// re-sealed when it rotates (<see cref="ISealedSecrets"/>). Key: the tenant id.
/// </summary>
[Alias("kagi.ISsoSettingsGrain")]
public interface ISsoSettingsGrain : ISealedSecrets
{
    [Alias("Get")]
    Task<SsoSettingsView> GetAsync(Caller caller);

    /// <summary>An admin adds or replaces one provider; refused (invalid) when a rule is broken.</summary>
    [Alias("PutProvider")]
    Task<IdentityProviderView> PutProviderAsync(Caller caller, IdentityProviderInput provider);

    /// <summary>An admin removes a provider; not found when there is none by that id.</summary>
    [Alias("RemoveProvider")]
    Task RemoveProviderAsync(Caller caller, string providerId);

    /// <summary>An admin turns "SSO only" on or off and names the break-glass accounts.</summary>
    [Alias("SetSsoOnly")]
    Task<SsoSettingsView> SetSsoOnlyAsync(Caller caller, bool ssoOnly, ImmutableArray<string> breakGlass);

    /// <summary>The providers' buttons, for the sign-in page (Kagi itself calls on an anonymous visitor's behalf).</summary>
    [Alias("Buttons")]
    Task<ImmutableArray<SsoProviderButton>> ListButtonsAsync(Caller caller);

    /// <summary>Whether <paramref name="username"/> may sign in with a password: always, unless "SSO only" is on
    /// and they are not a break-glass account. Kagi itself asks, before the user grain.</summary>
    [Alias("PasswordAllowed")]
    Task<bool> PasswordSignInAllowedAsync(Caller caller, string username);
}
