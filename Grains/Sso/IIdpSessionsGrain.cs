using Kagi.Domain.Sso.Logout;

namespace Kagi.Sso;

/// <summary>
/// The Kagi sessions one provider session or one provider subject signed in to (inside the silo only), so the
/// provider's logout can end them. Key: <see cref="IdpSessionKeys"/>, one grain per provider session or subject,
/// never a list that grows with the tenant. Only Kagi calls it: the user grain at an OpenID Connect sign-in, the
/// logout grain at the provider's logout. It calls only session grains.
/// </summary>
[Alias("kagi.IIdpSessionsGrain")]
public interface IIdpSessionsGrain : IGrainWithStringKey
{
    /// <summary>Remembers a session before it starts; sessions pushed out of the bounded list are ended at once.</summary>
    [Alias("Remember")]
    Task RememberAsync(Caller caller, IdpSessionEntry session);

    /// <summary>Ends every live session remembered here and forgets them all; answers the ones it ended.</summary>
    [Alias("EndAll")]
    Task<IReadOnlyList<IdpSessionEntry>> EndAllAsync(Caller caller);
}
