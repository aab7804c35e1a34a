using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Kagi.Domain.Sso.Saml;

namespace Kagi.Tests.Domain.Saml;

/// <summary>
/// An IdP made in the test: an RSA key with its self-signed certificate, and responses written and
/// signed with SignedXml the way real IdPs do (enveloped, exclusive c14n, RSA-SHA256, the certificate in
/// KeyInfo), which the tests then tamper with.
/// </summary>
internal sealed class TestIdp : IDisposable
{
    public const string EntityId = "urn:kagi:test-idp";
    public const string SpEntityId = "https://kagi.example/saml/acme";
    public const string AcsUrl = "https://kagi.example/saml/acme/acs";
    public const string RequestId = "_4f1c0ffee";
    public const string AssertionId = "_assertion-1";
    public const string ResponseId = "_response-1";

    public static readonly DateTimeOffset Issued = new(2030, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public TestIdp(string subject = "CN=test-idp")
    {
        Key = RSA.Create(2048);
        Certificate = new CertificateRequest(subject, Key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(Issued.AddDays(-1), Issued.AddYears(1));
    }

    public RSA Key { get; }

    public X509Certificate2 Certificate { get; }

    public SamlExpectations Expectations(TimeSpan? skew = null) =>
        new(SpEntityId, AcsUrl, EntityId, [Certificate], RequestId, skew ?? TimeSpan.FromMinutes(2));

    /// <summary>A Success response with one assertion (valid 10:00–10:05, confirmation until 10:03), nothing signed yet.</summary>
    public static XmlDocument Response(
        string nameId = "alice@acme.test",
        string audience = SpEntityId,
        string recipient = AcsUrl,
        string destination = AcsUrl,
        string inResponseTo = RequestId,
        string issuer = EntityId,
        string status = "urn:oasis:names:tc:SAML:2.0:status:Success")
    {
        var xml = $"""
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ResponseId}" Version="2.0" IssueInstant="2030-03-01T10:00:00Z" Destination="{destination}" InResponseTo="{inResponseTo}"><saml:Issuer>{issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{status}"/></samlp:Status><saml:Assertion ID="{AssertionId}" Version="2.0" IssueInstant="2030-03-01T10:00:00Z"><saml:Issuer>{issuer}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{nameId}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2030-03-01T10:03:00Z" Recipient="{recipient}" InResponseTo="{inResponseTo}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2030-03-01T10:00:00Z" NotOnOrAfter="2030-03-01T10:05:00Z"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="2030-03-01T10:00:00Z" SessionIndex="s-1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="groups"><saml:AttributeValue>pam-approvers</saml:AttributeValue><saml:AttributeValue>dba</saml:AttributeValue></saml:Attribute><saml:Attribute Name="email"><saml:AttributeValue>alice@acme.test</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>
            """;
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        return document;
    }

    public static XmlElement Assertion(XmlDocument document) =>
        (XmlElement)document.GetElementsByTagName("Assertion", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!;

    public static XmlElement NameId(XmlDocument document) =>
        (XmlElement)document.GetElementsByTagName("NameID", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!;

    /// <summary>A response whose assertion this IdP signed.</summary>
    public XmlDocument SignedResponse() => SignAssertion(Response());

    public XmlDocument SignAssertion(XmlDocument document)
    {
        Sign(Assertion(document));
        return document;
    }

    /// <summary>
    /// Signs <paramref name="element"/> (by its ID) and puts the signature after its Issuer, as SAML wants.
    /// <paramref name="key"/> defaults to this IdP's; <paramref name="keyInfo"/> is the certificate the message carries.
    /// </summary>
    public void Sign(
        XmlElement element,
        RSA? key = null,
        X509Certificate2? keyInfo = null,
        string signatureMethod = SignedXml.XmlDsigRSASHA256Url,
        string digestMethod = SignedXml.XmlDsigSHA256Url)
    {
        var signed = new SignedXml(element.OwnerDocument) { SigningKey = key ?? Key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = signatureMethod;
        var reference = new Reference("#" + element.GetAttribute("ID")) { DigestMethod = digestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        signed.KeyInfo = new KeyInfo();
        signed.KeyInfo.AddClause(new KeyInfoX509Data(keyInfo ?? Certificate));
        signed.ComputeSignature();
        var issuer = element.GetElementsByTagName("Issuer", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!;
        element.InsertAfter(element.OwnerDocument.ImportNode(signed.GetXml(), deep: true), issuer);
    }

    /// <summary>The document as the browser posts it: UTF-8, base64.</summary>
    public static string Encode(XmlDocument document) => Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));

    public static string Encode(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
