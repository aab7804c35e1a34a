using Kagi.Domain.Sso;

namespace Kagi.Sso;

/// <summary>
/// The SSO settings grain's view for sign-in flows (inside the silo only): one provider with its client secret still
/// sealed, so no plaintext secret travels in a grain message. Key: the tenant id.
/// </summary>
[Alias("kagi.ISsoProvidersGrain")]
public interface ISsoProvidersGrain : IGrainWithStringKey
{
    /// <summary>The provider, or null when the tenant has none by that id.</summary>
    [Alias("GetSealed")]
    Task<IdentityProviderState?> GetSealedAsync(Caller caller, string providerId);
}
