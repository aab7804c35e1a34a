using System.Security.Cryptography.Xml;
using System.Xml;
using Kagi.Domain.Sso.Saml;
using Xunit;
using static Kagi.Tests.Domain.Saml.SamlResponseValidatorTests;

namespace Kagi.Tests.Domain.Saml;

/// <summary>The known attacks on SAML signatures, each refused for the reason that names it.</summary>
public sealed class SamlSignatureAttackTests : IDisposable
{
    private const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static readonly DateTimeOffset Now = TestIdp.Issued.AddMinutes(1);

    private readonly TestIdp _idp = new();

    [Fact]
    public void An_unsigned_response_is_refused()
    {
        AssertRefused(SamlRefusalReason.NotSigned, Validate(TestIdp.Response()));
    }

    [Fact]
    public void An_attribute_edited_after_signing_breaks_the_signature()
    {
        var document = _idp.SignedResponse();
        document.GetElementsByTagName("AttributeValue", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!.InnerText = "admins";

        AssertRefused(SamlRefusalReason.SignatureInvalid, Validate(document));
    }

    [Fact]
    public void A_second_unsigned_assertion_beside_the_signed_one_is_refused()
    {
        var document = _idp.SignedResponse();
        document.DocumentElement!.AppendChild(EvilAssertion(document, "_evil"));

        AssertRefused(SamlRefusalReason.AssertionCount, Validate(document));
    }

    [Fact]
    public void A_signed_assertion_moved_under_extensions_with_an_unsigned_one_in_its_place_is_refused()
    {
        var document = _idp.SignedResponse();
        var signed = TestIdp.Assertion(document);
        var extensions = document.CreateElement("samlp", "Extensions", Protocol);
        document.DocumentElement!.ReplaceChild(EvilAssertion(document, "_evil"), signed);
        document.DocumentElement.InsertAfter(extensions, document.DocumentElement.FirstChild);
        extensions.AppendChild(signed);

        AssertRefused(SamlRefusalReason.AssertionCount, Validate(document));
    }

    [Fact]
    public void A_signed_assertion_moved_into_the_signature_object_with_an_unsigned_one_in_its_place_is_refused()
    {
        var document = TestIdp.Response();
        _idp.Sign(document.DocumentElement!);
        var signed = TestIdp.Assertion(document);
        var signature = (XmlElement)document.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!;
        var holder = document.CreateElement("ds", "Object", SignedXml.XmlDsigNamespaceUrl);
        document.DocumentElement!.ReplaceChild(EvilAssertion(document, "_evil"), signed);
        signature.AppendChild(holder);
        holder.AppendChild(signed);

        AssertRefused(SamlRefusalReason.AssertionCount, Validate(document));
    }

    [Fact]
    public void A_signature_taken_from_the_real_assertion_does_not_vouch_for_another()
    {
        // One assertion only, so the count passes: the evil one carries the real signature, whose reference names the real ID.
        var document = _idp.SignedResponse();
        var signed = TestIdp.Assertion(document);
        var evil = EvilAssertion(document, "_evil");
        evil.InsertAfter(signed.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!, evil.FirstChild);
        document.DocumentElement!.ReplaceChild(evil, signed);

        AssertRefused(SamlRefusalReason.SignatureReference, Validate(document));
    }

    [Fact]
    public void An_unsigned_assertion_under_the_real_id_with_the_real_signature_fails_the_digest()
    {
        var document = _idp.SignedResponse();
        var signed = TestIdp.Assertion(document);
        var evil = EvilAssertion(document, TestIdp.AssertionId);
        evil.InsertAfter(signed.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!, evil.FirstChild);
        document.DocumentElement!.ReplaceChild(evil, signed);

        AssertRefused(SamlRefusalReason.SignatureInvalid, Validate(document));
    }

    [Fact]
    public void Two_elements_with_one_id_are_refused()
    {
        var document = _idp.SignedResponse();
        var extensions = document.CreateElement("samlp", "Extensions", Protocol);
        var twin = document.CreateElement("x", "Twin", "urn:example:twin");
        twin.SetAttribute("ID", TestIdp.AssertionId);
        extensions.AppendChild(twin);
        document.DocumentElement!.InsertAfter(extensions, document.DocumentElement.FirstChild);

        AssertRefused(SamlRefusalReason.DuplicateId, Validate(document));
    }

    [Fact]
    public void A_response_signed_with_a_certificate_that_is_not_the_configured_one_is_refused()
    {
        using var stranger = new TestIdp("CN=stranger");

        AssertRefused(SamlRefusalReason.SignatureInvalid, Validate(stranger.SignedResponse()));
    }

    [Fact]
    public void A_key_carried_in_key_info_is_never_trusted()
    {
        // Signed by a stranger, who puts their own certificate in KeyInfo: valid for a checker that believes the message.
        using var stranger = new TestIdp("CN=stranger");
        var document = stranger.SignedResponse();
        var naive = new SignedXml(document);
        naive.LoadXml((XmlElement)document.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!);
        Assert.True(naive.CheckSignature());

        AssertRefused(SamlRefusalReason.SignatureInvalid, Validate(document));
    }

    [Fact]
    public void A_signature_with_sha1_is_refused()
    {
        var document = TestIdp.Response();
        _idp.Sign(TestIdp.Assertion(document), signatureMethod: SignedXml.XmlDsigRSASHA1Url, digestMethod: SignedXml.XmlDsigSHA1Url);

        AssertRefused(SamlRefusalReason.SignatureAlgorithm, Validate(document));
    }

    [Fact]
    public void A_dtd_with_an_external_entity_is_never_read()
    {
        var xml = _idp.SignedResponse().OuterXml;
        var withEntity = "<!DOCTYPE samlp:Response [<!ENTITY name SYSTEM \"file:///etc/passwd\">]>" + xml.Replace("alice@acme.test</saml:NameID>", "&name;</saml:NameID>", StringComparison.Ordinal);

        AssertRefused(SamlRefusalReason.DtdProhibited, SamlResponseValidator.Validate(TestIdp.Encode(withEntity), _idp.Expectations(), Now));
    }

    [Fact]
    public void A_signature_outside_the_response_and_its_assertion_is_refused()
    {
        var document = _idp.SignedResponse();
        var subject = document.GetElementsByTagName("Subject", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!;
        subject.AppendChild(document.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!.CloneNode(deep: true));

        AssertRefused(SamlRefusalReason.SignatureReference, Validate(document));
    }

    public void Dispose() => _idp.Dispose();

    // An assertion for the attacker, otherwise well-formed and in every way matching Kagi's values.
    private static XmlElement EvilAssertion(XmlDocument document, string id)
    {
        var evil = (XmlElement)document.ImportNode(TestIdp.Assertion(TestIdp.Response(nameId: "mallory@acme.test")), deep: true);
        evil.SetAttribute("ID", id);
        return evil;
    }

    private SamlValidation Validate(XmlDocument document) =>
        SamlResponseValidator.Validate(TestIdp.Encode(document), _idp.Expectations(), Now);
}
