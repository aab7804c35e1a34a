using System.Collections.Immutable;
using Kagi.Domain.Sso;
using Kagi.Domain.Sso.Saml;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Saml;

/// <summary>Issue 12: a SAML IdP configured from its metadata or field by field, each problem named by its field.</summary>
public sealed class SamlProviderRulesTests
{
    private static string Metadata(string body) => $"""
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example.com/saml">{body}</md:EntityDescriptor>
        """;

    private static string IdpDescriptor(string certificate, string use = "signing", string binding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect") => $"""
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
          <md:KeyDescriptor use="{use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
            {certificate}
          </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
          <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/post"/>
          <md:SingleSignOnService Binding="{binding}" Location="https://idp.example.com/redirect"/>
        </md:IDPSSODescriptor>
        """;

    private static SamlProviderState? Read(SamlProviderInput input, out string? field, out string? problem) =>
        SamlProviderRules.Read(input, out field, out problem);

    [Fact]
    public void Metadata_gives_the_entity_id_the_redirect_sso_url_and_the_signing_certificate()
    {
        using var idp = new TestIdp();
        var base64 = Convert.ToBase64String(idp.Certificate.RawData);

        var state = Read(new SamlProviderInput { Metadata = Metadata(IdpDescriptor(base64)) }, out var field, out var problem);

        Assert.Null(problem);
        Assert.Null(field);
        Assert.Equal("https://idp.example.com/saml", state!.EntityId);
        Assert.Equal("https://idp.example.com/redirect", state.SsoUrl);
        Assert.Equal<string>([base64], state.SigningCertificates);
        Assert.Null(state.UsernameAttribute);
        Assert.Equal("groups", state.GroupsAttribute);
    }

    [Fact]
    public void Metadata_with_a_dtd_is_refused_unread()
    {
        var xml = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + Metadata("&e;");

        Assert.Null(Read(new SamlProviderInput { Metadata = xml }, out var field, out var problem));
        Assert.Equal("saml.metadata", field);
        Assert.Contains("DTD", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_without_a_redirect_sso_service_or_a_signing_key_is_refused()
    {
        using var idp = new TestIdp();
        var base64 = Convert.ToBase64String(idp.Certificate.RawData);

        Assert.Null(Read(new SamlProviderInput { Metadata = Metadata(IdpDescriptor(base64, binding: "urn:other")) }, out var field, out var problem));
        Assert.Equal("saml.metadata", field);
        Assert.Contains("HTTP-Redirect", problem, StringComparison.Ordinal);

        Assert.Null(Read(new SamlProviderInput { Metadata = Metadata(IdpDescriptor(base64, use: "encryption")) }, out field, out problem));
        Assert.Equal("saml.metadata", field);
        Assert.Contains("signing certificates", problem, StringComparison.Ordinal);

        Assert.Null(Read(new SamlProviderInput { Metadata = Metadata("") }, out field, out _));
        Assert.Equal("saml.metadata", field);
    }

    [Fact]
    public void Fields_take_a_pem_certificate_and_name_the_attributes()
    {
        using var idp = new TestIdp();

        var state = Read(new SamlProviderInput
        {
            EntityId = " urn:kagi:test-idp ",
            SsoUrl = "http://127.0.0.1:7000/saml/sso",
            SigningCertificates = [idp.Certificate.ExportCertificatePem()],
            UsernameAttribute = "email",
            GroupsAttribute = "memberOf",
        }, out _, out var problem);

        Assert.Null(problem);
        Assert.Equal("urn:kagi:test-idp", state!.EntityId);
        Assert.Equal<string>([Convert.ToBase64String(idp.Certificate.RawData)], state.SigningCertificates);
        Assert.Equal(("email", "memberOf"), (state.UsernameAttribute, state.GroupsAttribute));
        Assert.Equal(idp.Certificate.Subject, Assert.Single(state.ToView().SigningCertificates).Subject);
    }

    [Theory]
    [InlineData("", "https://idp.example.com/sso", true, "saml.entityId")]
    [InlineData("urn:idp", "http://idp.example.com/sso", true, "saml.ssoUrl")]
    [InlineData("urn:idp", "/relative", true, "saml.ssoUrl")]
    [InlineData("urn:idp", "https://idp.example.com/sso", false, "saml.signingCertificates")]
    public void Each_missing_or_wrong_field_is_named(string entityId, string ssoUrl, bool withCertificate, string expectedField)
    {
        using var idp = new TestIdp();
        var input = new SamlProviderInput
        {
            EntityId = entityId,
            SsoUrl = ssoUrl,
            SigningCertificates = withCertificate ? [Convert.ToBase64String(idp.Certificate.RawData)] : [],
        };

        Assert.Null(Read(input, out var field, out var problem));
        Assert.Equal(expectedField, field);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void A_certificate_that_is_not_one_is_refused()
    {
        var input = new SamlProviderInput { EntityId = "urn:idp", SsoUrl = "https://idp.example.com/sso", SigningCertificates = ["bm90IGEgY2VydGlmaWNhdGU="] };

        Assert.Null(Read(input, out var field, out _));
        Assert.Equal("saml.signingCertificates", field);
    }

    [Fact]
    public void A_saml_provider_needs_its_settings_and_the_kind_may_be_saml()
    {
        var provider = new IdentityProviderInput("corp", "Corp", SsoKinds.Saml) { RoleMappings = [new SsoRoleMapping("g", "admin")] };

        Assert.Contains("\"saml\" settings", IdentityProviderRules.Problem(provider, new SsoSettingsState()), StringComparison.Ordinal);
        Assert.Null(IdentityProviderRules.Problem(provider with { Saml = new SamlProviderInput() }, new SsoSettingsState()));
        Assert.Contains("kind must be", IdentityProviderRules.Problem(provider with { Kind = "ldap" }, new SsoSettingsState()), StringComparison.Ordinal);
    }
}
