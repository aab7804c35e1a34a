using System.Collections.Immutable;
using System.Xml;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// Decides whether a posted SAML 2.0 Response (HTTP-POST binding) signs a user in. Strict by design,
/// since no SAML library stands behind it: exactly one Assertion in the whole document, directly in the
/// Response; every signature covers the Response or that Assertion by its ID and verifies with a
/// configured certificate; Issuer, Destination, Recipient, Audience and InResponseTo are Kagi's own
/// values; every time window holds within the allowed skew; the status is Success. Encrypted content is
/// refused. Whether the assertion id was used before is the replay cache's question
/// (<see cref="SamlReplayCache"/>), asked with the <see cref="SamlAssertion.AssertionId"/> returned here.
/// </summary>
public static class SamlResponseValidator
{
    private static readonly string[] EncryptedElements = ["EncryptedAssertion", "EncryptedID", "EncryptedAttribute"];

    public static SamlValidation Validate(string samlResponse, SamlExpectations expected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(samlResponse);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentOutOfRangeException.ThrowIfLessThan(expected.AllowedSkew, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expected.AllowedSkew, SamlExpectations.MaximumSkew);
        if (expected.SigningCertificates.Count == 0)
        {
            throw new ArgumentException("At least one IdP signing certificate must be configured.", nameof(expected));
        }

        if (SamlDocument.TryLoad(samlResponse, out var document) is { } unreadable)
        {
            return unreadable;
        }

        var response = document.DocumentElement!;
        if (response.LocalName != "Response" || response.NamespaceURI != SamlNames.Protocol || response.GetAttribute("Version") != "2.0")
        {
            return SamlValidation.Refused(SamlRefusalReason.NotAResponse, "The message is not a SAML 2.0 Response.");
        }

        return CheckStatus(response)
            ?? CheckStructure(document, response, out var assertion)
            ?? SamlSignatureCheck.Verify(response, assertion!, expected.SigningCertificates)
            ?? CheckResponse(response, expected)
            ?? ReadAssertion(assertion!, expected, now);
    }

    private static SamlValidation? CheckStatus(XmlElement response)
    {
        var code = SamlDocument.Child(response, SamlNames.Protocol, "Status") is { } status
            ? SamlDocument.Child(status, SamlNames.Protocol, "StatusCode")
            : null;
        var value = code is null ? null : SamlDocument.Attribute(code, "Value");
        if (value is null)
        {
            return SamlValidation.Refused(SamlRefusalReason.Malformed, "The Response has no status code.");
        }

        // The code is a URN chosen by the IdP: only its last segment goes into the detail, bounded.
        var name = value[(value.LastIndexOf(':') + 1)..];
        return value == SamlNames.StatusSuccess
            ? null
            : SamlValidation.Refused(SamlRefusalReason.StatusNotSuccess, $"The IdP answered with status '{name[..Math.Min(name.Length, 64)]}'.");
    }

    private static SamlValidation? CheckStructure(XmlDocument document, XmlElement response, out XmlElement? assertion)
    {
        assertion = null;
        var all = document.GetElementsByTagName("*").OfType<XmlElement>().ToList();
        if (all.Any(e => (e.NamespaceURI == SamlNames.Assertion && EncryptedElements.Contains(e.LocalName)) || e.NamespaceURI == SamlNames.XmlEnc))
        {
            return SamlValidation.Refused(SamlRefusalReason.EncryptedAssertion, "The response is encrypted; Kagi accepts signed, unencrypted assertions only. Turn assertion encryption off for Kagi at the IdP.");
        }

        var assertions = all.Where(e => e.LocalName == "Assertion" && e.NamespaceURI == SamlNames.Assertion).ToList();
        if (assertions.Count != 1 || assertions[0].ParentNode != response)
        {
            return SamlValidation.Refused(SamlRefusalReason.AssertionCount, $"The response holds {assertions.Count} assertions where exactly one, directly in the Response, is accepted.");
        }

        // SignedXml, and every other reader, resolves references by these attribute names: one value, one element.
        var ids = all.SelectMany(e => new[] { e.GetAttributeNode("ID"), e.GetAttributeNode("Id"), e.GetAttributeNode("id") })
            .OfType<XmlAttribute>()
            .Select(a => a.Value)
            .ToList();
        if (ids.Count != ids.Distinct(StringComparer.Ordinal).Count())
        {
            return SamlValidation.Refused(SamlRefusalReason.DuplicateId, "Two elements of the response share an ID.");
        }

        assertion = assertions[0];
        return null;
    }

    // The Response's own Issuer, Destination and InResponseTo are optional in SAML; when given they must be ours.
    private static SamlValidation? CheckResponse(XmlElement response, SamlExpectations expected)
    {
        if (SamlDocument.Child(response, SamlNames.Assertion, "Issuer") is { } issuer && SamlDocument.TextOf(issuer) != expected.IdpEntityId)
        {
            return SamlValidation.Refused(SamlRefusalReason.Issuer, "The Response was issued by another IdP than the one configured.");
        }

        if (SamlDocument.Attribute(response, "Destination") is { } destination && destination != expected.AcsUrl)
        {
            return SamlValidation.Refused(SamlRefusalReason.Destination, "The Response is addressed to another service provider's ACS URL.");
        }

        return SamlDocument.Attribute(response, "InResponseTo") is { } inResponseTo && inResponseTo != expected.InResponseTo
            ? SamlValidation.Refused(SamlRefusalReason.InResponseTo, "The Response answers another sign-in request.")
            : null;
    }

    private static SamlValidation ReadAssertion(XmlElement assertion, SamlExpectations expected, DateTimeOffset now)
    {
        var id = SamlDocument.Attribute(assertion, "ID");
        if (id is null || id.Length > 256 || assertion.GetAttribute("Version") != "2.0")
        {
            return SamlValidation.Refused(SamlRefusalReason.Malformed, "The Assertion has no usable ID or is not SAML 2.0.");
        }

        if (SamlDocument.Child(assertion, SamlNames.Assertion, "Issuer") is not { } issuer || SamlDocument.TextOf(issuer) != expected.IdpEntityId)
        {
            return SamlValidation.Refused(SamlRefusalReason.Issuer, "The Assertion was not issued by the configured IdP.");
        }

        var subject = SamlDocument.Child(assertion, SamlNames.Assertion, "Subject");
        var nameIdElement = subject is null ? null : SamlDocument.Child(subject, SamlNames.Assertion, "NameID");
        var nameId = nameIdElement is null ? null : SamlDocument.TextOf(nameIdElement);
        if (string.IsNullOrEmpty(nameId))
        {
            return SamlValidation.Refused(SamlRefusalReason.NoSubject, "The Assertion names no subject.");
        }

        var confirmation = SamlConditions.CheckBearer(subject!, expected, now, out var confirmedUntil);
        if (confirmation is not null)
        {
            return confirmation;
        }

        var conditions = SamlConditions.Check(assertion, expected, now, out var conditionsUntil);
        if (conditions is not null)
        {
            return conditions;
        }

        var authn = SamlDocument.Child(assertion, SamlNames.Assertion, "AuthnStatement");
        var until = conditionsUntil is { } end && end < confirmedUntil ? end : confirmedUntil;
        return SamlValidation.Valid(new SamlAssertion(
            id,
            nameId,
            SamlDocument.Attribute(nameIdElement!, "Format"),
            ReadAttributes(assertion),
            until,
            authn is null ? null : SamlDocument.Attribute(authn, "SessionIndex")));
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> ReadAttributes(XmlElement assertion)
    {
        var attributes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var statement in SamlDocument.Children(assertion, SamlNames.Assertion, "AttributeStatement"))
        {
            foreach (var attribute in SamlDocument.Children(statement, SamlNames.Assertion, "Attribute"))
            {
                if (SamlDocument.Attribute(attribute, "Name") is not { } name)
                {
                    continue;
                }

                var values = attributes.TryGetValue(name, out var known) ? known : attributes[name] = [];
                values.AddRange(SamlDocument.Children(attribute, SamlNames.Assertion, "AttributeValue")
                    .Select(SamlDocument.TextOf)
                    .OfType<string>());
            }
        }

        return attributes.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal);
    }
}
