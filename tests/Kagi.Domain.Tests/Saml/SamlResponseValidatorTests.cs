using System.Xml;
using Kagi.Domain.Sso.Saml;
using Xunit;

namespace Kagi.Tests.Domain.Saml;

/// <summary>What a good response yields, and each of Kagi's own values a response must match.</summary>
public sealed class SamlResponseValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestIdp.Issued.AddMinutes(1);

    private readonly TestIdp _idp = new();

    [Fact]
    public void A_response_whose_assertion_the_configured_idp_signed_is_accepted()
    {
        var result = Validate(_idp.SignedResponse());

        Assert.True(result.IsValid, result.Refusal?.Detail);
        var assertion = result.Assertion!;
        Assert.Equal("alice@acme.test", assertion.NameId);
        Assert.Equal("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", assertion.NameIdFormat);
        Assert.Equal(TestIdp.AssertionId, assertion.AssertionId);
        Assert.Equal<string>(["pam-approvers", "dba"], assertion.Attributes["groups"]);
        Assert.Equal<string>(["alice@acme.test"], assertion.Attributes["email"]);
        Assert.Equal("s-1", assertion.SessionIndex);
        // The earlier end wins: the bearer confirmation (10:03) before the Conditions (10:05).
        Assert.Equal(TestIdp.Issued.AddMinutes(3), assertion.NotOnOrAfter);
    }

    [Fact]
    public void A_response_signed_as_a_whole_covers_its_one_assertion()
    {
        var document = TestIdp.Response();
        _idp.Sign(document.DocumentElement!);

        Assert.True(Validate(document).IsValid);
    }

    [Fact]
    public void A_response_signed_twice_needs_both_signatures_to_hold()
    {
        var document = _idp.SignedResponse();
        _idp.Sign(document.DocumentElement!);
        Assert.True(Validate(document).IsValid);

        using var other = new TestIdp("CN=other");
        var mixed = _idp.SignedResponse();
        other.Sign(mixed.DocumentElement!);
        AssertRefused(SamlRefusalReason.SignatureInvalid, Validate(mixed));
    }

    [Fact]
    public void Any_of_several_configured_certificates_may_have_signed_during_a_key_rollover()
    {
        using var previous = new TestIdp("CN=previous");
        var expected = _idp.Expectations() with { SigningCertificates = [previous.Certificate, _idp.Certificate] };

        Assert.True(SamlResponseValidator.Validate(TestIdp.Encode(_idp.SignedResponse()), expected, Now).IsValid);
    }

    [Fact]
    public void A_comment_inside_the_name_id_does_not_cut_the_name_short()
    {
        // admin@acme.test<!---->.evil.test: the signature (without comments) covers the whole text, and so must the reading.
        var document = _idp.SignAssertion(TestIdp.Response(nameId: "admin@acme.test.evil.test"));
        var nameId = TestIdp.NameId(document);
        nameId.RemoveAll();
        nameId.SetAttribute("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        nameId.AppendChild(document.CreateTextNode("admin@acme.test"));
        nameId.AppendChild(document.CreateComment(""));
        nameId.AppendChild(document.CreateTextNode(".evil.test"));

        var result = Validate(document);

        Assert.True(result.IsValid, result.Refusal?.Detail);
        Assert.Equal("admin@acme.test.evil.test", result.Assertion!.NameId);
    }

    [Fact]
    public void An_expired_assertion_is_refused_once_past_the_skew()
    {
        var document = _idp.SignedResponse();

        Assert.True(Validate(document, Now.AddMinutes(3)).IsValid); // 10:04, within 2 minutes of 10:03
        AssertRefused(SamlRefusalReason.Expired, Validate(document, TestIdp.Issued.AddMinutes(5)));
    }

    [Fact]
    public void An_assertion_not_valid_yet_is_refused_beyond_the_skew()
    {
        var document = _idp.SignedResponse();

        Assert.True(Validate(document, TestIdp.Issued.AddMinutes(-2)).IsValid);
        AssertRefused(SamlRefusalReason.NotYetValid, Validate(document, TestIdp.Issued.AddMinutes(-2).AddSeconds(-1)));
    }

    [Fact]
    public void A_response_for_another_service_provider_is_refused()
    {
        AssertRefused(SamlRefusalReason.Audience, Validate(_idp.SignAssertion(TestIdp.Response(audience: "https://other.example/sp"))));
        AssertRefused(SamlRefusalReason.Recipient, Validate(_idp.SignAssertion(TestIdp.Response(recipient: "https://other.example/acs"))));
        AssertRefused(SamlRefusalReason.Destination, Validate(_idp.SignAssertion(TestIdp.Response(destination: "https://other.example/acs"))));
    }

    [Fact]
    public void A_response_to_another_request_is_refused()
    {
        AssertRefused(SamlRefusalReason.InResponseTo, Validate(_idp.SignAssertion(TestIdp.Response(inResponseTo: "_someone-else"))));
    }

    [Fact]
    public void A_response_from_another_issuer_is_refused_even_with_the_right_key()
    {
        AssertRefused(SamlRefusalReason.Issuer, Validate(_idp.SignAssertion(TestIdp.Response(issuer: "urn:other:idp"))));
    }

    [Fact]
    public void A_status_other_than_success_is_refused_with_its_code()
    {
        var result = Validate(_idp.SignAssertion(TestIdp.Response(status: "urn:oasis:names:tc:SAML:2.0:status:Responder")));

        AssertRefused(SamlRefusalReason.StatusNotSuccess, result);
        Assert.Contains("Responder", result.Refusal!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_assertion_is_refused_with_a_clear_reason()
    {
        var document = TestIdp.Response();
        var assertion = TestIdp.Assertion(document);
        var encrypted = document.CreateElement("saml", "EncryptedAssertion", "urn:oasis:names:tc:SAML:2.0:assertion");
        encrypted.AppendChild(document.CreateElement("xenc", "EncryptedData", "http://www.w3.org/2001/04/xmlenc#"));
        document.DocumentElement!.ReplaceChild(encrypted, assertion);

        var result = Validate(document);

        AssertRefused(SamlRefusalReason.EncryptedAssertion, result);
        Assert.Equal("encrypted-assertion", result.Refusal!.Code);
    }

    [Fact]
    public void A_response_that_is_not_base64_or_not_xml_is_malformed()
    {
        AssertRefused(SamlRefusalReason.Malformed, SamlResponseValidator.Validate("not base64!", _idp.Expectations(), Now));
        AssertRefused(SamlRefusalReason.Malformed, SamlResponseValidator.Validate(TestIdp.Encode("<samlp:Response"), _idp.Expectations(), Now));
        AssertRefused(SamlRefusalReason.NotAResponse, SamlResponseValidator.Validate(TestIdp.Encode("<x/>"), _idp.Expectations(), Now));
    }

    [Fact]
    public void Skew_beyond_five_minutes_is_not_accepted_as_configuration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SamlResponseValidator.Validate(TestIdp.Encode(_idp.SignedResponse()), _idp.Expectations(TimeSpan.FromMinutes(6)), Now));
    }

    public void Dispose() => _idp.Dispose();

    internal static void AssertRefused(SamlRefusalReason reason, SamlValidation result)
    {
        Assert.False(result.IsValid, $"accepted, expected {reason}");
        Assert.Null(result.Assertion);
        Assert.Equal(reason, result.Refusal!.Reason);
    }

    private SamlValidation Validate(XmlDocument document, DateTimeOffset? now = null) =>
        SamlResponseValidator.Validate(TestIdp.Encode(document), _idp.Expectations(), now ?? Now);
}
