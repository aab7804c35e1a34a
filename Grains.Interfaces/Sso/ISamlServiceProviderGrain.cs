namespace Kagi.Sso;

/// <summary>
/// Kagi as a tenant's SAML 2.0 service provider: the rules live in the domain (<c>Kagi.Domain.Sso.Saml</c>),
/// which the Frontend does not reference, so it asks here. Key: the tenant id. Holds no state and calls nothing.
/// </summary>
[Alias("kagi.ISamlServiceProviderGrain")]
public interface ISamlServiceProviderGrain : IGrainWithStringKey
{
    /// <summary>
    /// The tenant's SP metadata XML (entity id <c>{publicUrl}/saml/{tenant}</c>, HTTP-POST ACS
    /// <c>{publicUrl}/saml/{tenant}/acs</c>). Public information: it needs no caller.
    /// </summary>
    [Alias("Metadata")]
    Task<string> MetadataAsync(Uri publicUrl);
}
