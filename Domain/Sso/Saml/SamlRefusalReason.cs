namespace Kagi.Domain.Sso.Saml;

/// <summary>Why a response was refused. <see cref="SamlRefusalReasons.Code"/> gives the stable code for audit records.</summary>
public enum SamlRefusalReason
{
    /// <summary>Not base64, too large, not well-formed XML, or a required element or attribute is missing.</summary>
    Malformed,

    /// <summary>The document carries a DTD (entities, external references): never parsed.</summary>
    DtdProhibited,

    /// <summary>The top element is not a SAML 2.0 Response.</summary>
    NotAResponse,

    /// <summary>The IdP answered with a status other than Success (the code is in the detail).</summary>
    StatusNotSuccess,

    /// <summary>An EncryptedAssertion, EncryptedID or EncryptedAttribute: Kagi holds no decryption key.</summary>
    EncryptedAssertion,

    /// <summary>Not exactly one Assertion in the whole document, or the one is not a child of the Response (signature wrapping).</summary>
    AssertionCount,

    /// <summary>Two elements share an ID, so a reference could mean either.</summary>
    DuplicateId,

    /// <summary>Neither the Assertion nor the Response carries a signature.</summary>
    NotSigned,

    /// <summary>A signature's reference does not name exactly the element it sits in, or uses a transform Kagi does not allow.</summary>
    SignatureReference,

    /// <summary>A signature or digest algorithm weaker than RSA-SHA256 / SHA-256, or unknown.</summary>
    SignatureAlgorithm,

    /// <summary>The signature does not verify with any configured certificate.</summary>
    SignatureInvalid,

    /// <summary>The Response's or Assertion's Issuer is not the configured IdP.</summary>
    Issuer,

    /// <summary>The Response's Destination is not this ACS URL.</summary>
    Destination,

    /// <summary>No bearer confirmation names this ACS URL as its Recipient.</summary>
    Recipient,

    /// <summary>The Audience is not this SP's entity id.</summary>
    Audience,

    /// <summary>The response does not answer the request this browser was sent with.</summary>
    InResponseTo,

    /// <summary>Before NotBefore (beyond the skew).</summary>
    NotYetValid,

    /// <summary>At or after NotOnOrAfter (beyond the skew), or no end time given.</summary>
    Expired,

    /// <summary>No NameID in the Subject.</summary>
    NoSubject,
}

/// <summary>The reasons as stable codes.</summary>
public static class SamlRefusalReasons
{
    /// <summary>The reason as a stable kebab-case code, e.g. <c>assertion-count</c>.</summary>
    public static string Code(SamlRefusalReason reason) => reason switch
    {
        SamlRefusalReason.Malformed => "malformed",
        SamlRefusalReason.DtdProhibited => "dtd-prohibited",
        SamlRefusalReason.NotAResponse => "not-a-response",
        SamlRefusalReason.StatusNotSuccess => "status-not-success",
        SamlRefusalReason.EncryptedAssertion => "encrypted-assertion",
        SamlRefusalReason.AssertionCount => "assertion-count",
        SamlRefusalReason.DuplicateId => "duplicate-id",
        SamlRefusalReason.NotSigned => "not-signed",
        SamlRefusalReason.SignatureReference => "signature-reference",
        SamlRefusalReason.SignatureAlgorithm => "signature-algorithm",
        SamlRefusalReason.SignatureInvalid => "signature-invalid",
        SamlRefusalReason.Issuer => "issuer",
        SamlRefusalReason.Destination => "destination",
        SamlRefusalReason.Recipient => "recipient",
        SamlRefusalReason.Audience => "audience",
        SamlRefusalReason.InResponseTo => "in-response-to",
        SamlRefusalReason.NotYetValid => "not-yet-valid",
        SamlRefusalReason.Expired => "expired",
        SamlRefusalReason.NoSubject => "no-subject",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
