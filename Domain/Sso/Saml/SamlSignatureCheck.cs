using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// Checks the XML signatures of a Response that holds exactly one Assertion. Every signature must sit
/// directly in the Response or in that Assertion, name that very element by its ID (one reference, no
/// other), use only the transforms and algorithms below, and verify with a configured certificate.
/// The key is never taken from the message (its KeyInfo is ignored), and the referenced element is
/// resolved to the element the signature sits in, never by searching the document for the ID.
/// </summary>
internal static class SamlSignatureCheck
{
    // RSA with SHA-256 or stronger. SHA-1 is refused: collisions are practical, and every IdP Kagi
    // targets (Entra ID, Okta, Keycloak, HENNGE) signs with SHA-256 by default.
    private static readonly HashSet<string> SignatureMethods =
    [
        SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url,
    ];

    private static readonly HashSet<string> DigestMethods =
    [
        SignedXml.XmlDsigSHA256Url, SignedXml.XmlDsigSHA384Url, SignedXml.XmlDsigSHA512Url,
    ];

    // Canonicalization without comments only, so a comment can never change what was signed; no XPath
    // or XSLT, which would let the message choose what the signature covers.
    private static readonly HashSet<string> Canonicalizations =
    [
        SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigC14NTransformUrl,
    ];

    private static readonly HashSet<string> Transforms =
    [
        SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigC14NTransformUrl,
    ];

    /// <summary>Null when the signatures hold, else the refusal.</summary>
    public static SamlValidation? Verify(XmlElement response, XmlElement assertion, IReadOnlyList<X509Certificate2> certificates)
    {
        var signatures = response.OwnerDocument.GetElementsByTagName("Signature", SamlNames.DSig).OfType<XmlElement>().ToList();
        if (signatures.Count == 0)
        {
            return SamlValidation.Refused(SamlRefusalReason.NotSigned, "Neither the Response nor the Assertion is signed.");
        }

        if (signatures.Any(s => s.ParentNode != response && s.ParentNode != assertion))
        {
            return SamlValidation.Refused(SamlRefusalReason.SignatureReference, "A signature sits outside the Response and its Assertion.");
        }

        return signatures.Select(s => VerifyOne(s, (XmlElement)s.ParentNode!, certificates)).FirstOrDefault(r => r is not null);
    }

    private static SamlValidation? VerifyOne(XmlElement signature, XmlElement signedElement, IReadOnlyList<X509Certificate2> certificates)
    {
        var id = SamlDocument.Attribute(signedElement, "ID");
        if (id is null)
        {
            return SamlValidation.Refused(SamlRefusalReason.SignatureReference, $"The signed {signedElement.LocalName} has no ID.");
        }

        var signedXml = new PinnedSignedXml(signedElement);
        try
        {
            signedXml.LoadXml(signature);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return SamlValidation.Refused(SamlRefusalReason.Malformed, "A signature is not well-formed.");
        }

        var info = signedXml.SignedInfo!;
        if (info.References.Count != 1 || info.References[0] is not Reference reference || reference.Uri != "#" + id)
        {
            return SamlValidation.Refused(SamlRefusalReason.SignatureReference, $"The signature of the {signedElement.LocalName} does not reference exactly that element.");
        }

        var chain = reference.TransformChain;
        if (Enumerable.Range(0, chain.Count).Any(i => !Transforms.Contains(chain[i].Algorithm!)))
        {
            return SamlValidation.Refused(SamlRefusalReason.SignatureReference, "The signature uses a transform Kagi does not allow.");
        }

        if (!SignatureMethods.Contains(info.SignatureMethod!) || !DigestMethods.Contains(reference.DigestMethod!) || !Canonicalizations.Contains(info.CanonicalizationMethod!))
        {
            return SamlValidation.Refused(SamlRefusalReason.SignatureAlgorithm, "The signature uses an algorithm weaker than RSA-SHA256 or one Kagi does not allow.");
        }

        foreach (var certificate in certificates)
        {
            using var key = certificate.GetRSAPublicKey();
            if (key is not null && signedXml.CheckSignature(key))
            {
                return null;
            }
        }

        return SamlValidation.Refused(SamlRefusalReason.SignatureInvalid, $"The signature of the {signedElement.LocalName} does not verify with the configured certificate.");
    }

    /// <summary>
    /// Resolves the reference to the element the signature sits in and to nothing else, so a second
    /// element carrying the same ID elsewhere (signature wrapping) can never be what is digested.
    /// </summary>
    private sealed class PinnedSignedXml(XmlElement signedElement) : SignedXml(signedElement.OwnerDocument)
    {
        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            signedElement.GetAttribute("ID") == idValue ? signedElement : null;
    }
}
