using System.Security.Cryptography.X509Certificates;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// What a response must match to be believed, all from Kagi's own configuration and the request it sent,
/// never from the message.
/// </summary>
/// <param name="SpEntityId">Kagi's entity id for the tenant: the one Audience required.</param>
/// <param name="AcsUrl">Where the response was posted: the Response's Destination and the bearer confirmation's Recipient.</param>
/// <param name="IdpEntityId">The IdP's entity id: the Issuer of the Response (when given) and of the Assertion.</param>
/// <param name="SigningCertificates">The IdP's configured signing certificates (more than one during its key rollover); only their public keys are used.</param>
/// <param name="InResponseTo">The id of the AuthnRequest this browser was sent with; unsolicited responses are refused.</param>
/// <param name="AllowedSkew">Clock difference tolerated on every time check, from zero to <see cref="MaximumSkew"/>.</param>
public sealed record SamlExpectations(
    string SpEntityId,
    string AcsUrl,
    string IdpEntityId,
    IReadOnlyList<X509Certificate2> SigningCertificates,
    string InResponseTo,
    TimeSpan AllowedSkew)
{
    /// <summary>More skew than this would stretch a short-lived bearer assertion into a long-lived one.</summary>
    public static readonly TimeSpan MaximumSkew = TimeSpan.FromMinutes(5);
}
