namespace Kagi.Sso;

/// <summary>
/// One OpenID Connect sign-in in flight, keyed <c>{tenant}/{state}</c>: it keeps the nonce, the PKCE verifier and the
/// browser binding in memory only (a flow lives minutes; a lost one is started again) and completes once.
/// Called by Kagi itself (the Frontend for an anonymous visitor).
/// </summary>
[Alias("kagi.IOidcSignInGrain")]
public interface IOidcSignInGrain : IGrainWithStringKey
{
    /// <summary>Reads the provider's discovery document and answers the authorization URL to send the browser to.</summary>
    [Alias("Start")]
    Task<string> StartAsync(Caller caller, OidcStart start);

    /// <summary>Redeems the code, validates the id_token (signature from the issuer's keys, issuer, audience, expiry,
    /// nonce) and maps the claims; answers who signed in, or why nobody did. A second call is refused.</summary>
    [Alias("Complete")]
    Task<SsoOutcome> CompleteAsync(Caller caller, OidcCallback callback);
}
