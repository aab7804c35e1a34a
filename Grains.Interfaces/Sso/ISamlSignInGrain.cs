namespace Kagi.Sso;

/// <summary>
/// One SAML sign-in in flight, keyed <c>{tenant}/{relayState}</c>: it keeps the AuthnRequest's id, the provider and
/// the browser binding in memory only (a flow lives minutes; a lost one is started again) and completes once.
/// Called by Kagi itself (the Frontend for an anonymous visitor).
/// </summary>
[Alias("kagi.ISamlSignInGrain")]
public interface ISamlSignInGrain : IGrainWithStringKey
{
    /// <summary>Makes the AuthnRequest and answers the IdP's SSO URL to send the browser to (HTTP-Redirect binding,
    /// with this flow's key as RelayState).</summary>
    [Alias("Start")]
    Task<string> StartAsync(Caller caller, SamlStart start);

    /// <summary>Validates the response against the remembered request (signature, issuer, audience, recipient,
    /// InResponseTo, times), spends its assertion id in the tenant's replay cache and maps the attributes; answers who
    /// signed in, or why nobody did. A second call is refused.</summary>
    [Alias("Complete")]
    Task<SsoOutcome> CompleteAsync(Caller caller, SamlCallback callback);
}
