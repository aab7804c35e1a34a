namespace Kagi.Sso;

/// <summary>
/// An OpenID Connect provider's logout, keyed <c>{tenant}/{provider id}</c>. Called by Kagi itself (the Frontend, for
/// the provider's anonymous back-channel post).
/// </summary>
[Alias("kagi.IOidcLogoutGrain")]
public interface IOidcLogoutGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks a back-channel logout token (signature from the provider's JWKS, issuer, audience, times, the logout
    /// event, a subject or session, no nonce), then ends every Kagi session of the provider session it names (or of
    /// its subject at this provider when it names none) and audits <c>session.ended</c> for each user. Answers how many
    /// sessions ended; a refused token is a <c>logout-token-refused</c> problem and ends nothing.
    /// </summary>
    [Alias("BackChannelLogout")]
    Task<int> BackChannelLogoutAsync(Caller caller, string logoutToken, string? ipAddress);
}
