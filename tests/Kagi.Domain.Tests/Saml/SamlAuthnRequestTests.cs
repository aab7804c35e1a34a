using System.IO.Compression;
using System.Text;
using System.Xml;
using Kagi.Domain.Sso.Saml;
using Xunit;

namespace Kagi.Tests.Domain.Saml;

/// <summary>The AuthnRequest Kagi sends through the browser, and the metadata it publishes.</summary>
public sealed class SamlAuthnRequestTests
{
    private const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    private const string Sso = "https://idp.example/sso?tenant=acme";
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_redirect_carries_the_request_deflated_and_encoded()
    {
        var request = SamlAuthnRequest.Create(TestIdp.SpEntityId, TestIdp.AcsUrl, Sso, Now, new SeededRandom(7));
        var url = new Uri(request.RedirectUrl("state-1"));

        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("https://idp.example/sso", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("acme", query["tenant"]);
        Assert.Equal("state-1", query["RelayState"]);

        var sent = Inflate(query["SAMLRequest"]);
        Assert.Equal("AuthnRequest", sent.DocumentElement!.LocalName);
        Assert.Equal(Protocol, sent.DocumentElement.NamespaceURI);
        Assert.Equal(request.Id, sent.DocumentElement.GetAttribute("ID"));
        Assert.Equal("2.0", sent.DocumentElement.GetAttribute("Version"));
        Assert.Equal("2030-03-01T10:00:00Z", sent.DocumentElement.GetAttribute("IssueInstant"));
        Assert.Equal(Sso, sent.DocumentElement.GetAttribute("Destination"));
        Assert.Equal(TestIdp.AcsUrl, sent.DocumentElement.GetAttribute("AssertionConsumerServiceURL"));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", sent.DocumentElement.GetAttribute("ProtocolBinding"));
        Assert.Equal(TestIdp.SpEntityId, sent.GetElementsByTagName("Issuer", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!.InnerText);
    }

    [Fact]
    public void Request_ids_are_random_and_valid_xml_ids()
    {
        var first = SamlAuthnRequest.Create(TestIdp.SpEntityId, TestIdp.AcsUrl, Sso, Now, new SeededRandom(1));
        var again = SamlAuthnRequest.Create(TestIdp.SpEntityId, TestIdp.AcsUrl, Sso, Now, new SeededRandom(1));
        var other = SamlAuthnRequest.Create(TestIdp.SpEntityId, TestIdp.AcsUrl, Sso, Now, new SeededRandom(2));

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Matches("^_[0-9a-f]{40}$", first.Id);
        Assert.Equal(first.Id, XmlConvert.VerifyNCName(first.Id));
    }

    [Fact]
    public void Values_that_look_like_markup_stay_text()
    {
        var request = SamlAuthnRequest.Create("urn:sp:<x>&\"", TestIdp.AcsUrl, Sso, Now, new SeededRandom(3));

        Assert.Equal("urn:sp:<x>&\"", Inflate(request.Encoded()).GetElementsByTagName("Issuer", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!.InnerText);
    }

    [Fact]
    public void The_metadata_names_the_entity_and_its_post_consumer()
    {
        var metadata = new XmlDocument();
        metadata.LoadXml(SamlSpMetadata.Write(TestIdp.SpEntityId, TestIdp.AcsUrl));
        const string Md = "urn:oasis:names:tc:SAML:2.0:metadata";

        Assert.Equal("EntityDescriptor", metadata.DocumentElement!.LocalName);
        Assert.Equal(TestIdp.SpEntityId, metadata.DocumentElement.GetAttribute("entityID"));
        var descriptor = (XmlElement)metadata.GetElementsByTagName("SPSSODescriptor", Md)[0]!;
        Assert.Equal("true", descriptor.GetAttribute("WantAssertionsSigned"));
        Assert.Equal(Protocol, descriptor.GetAttribute("protocolSupportEnumeration"));
        var acs = (XmlElement)metadata.GetElementsByTagName("AssertionConsumerService", Md)[0]!;
        Assert.Equal(TestIdp.AcsUrl, acs.GetAttribute("Location"));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", acs.GetAttribute("Binding"));
    }

    private static XmlDocument Inflate(string encoded)
    {
        using var deflate = new DeflateStream(new MemoryStream(Convert.FromBase64String(encoded)), CompressionMode.Decompress);
        using var reader = new StreamReader(deflate, Encoding.UTF8);
        var document = new XmlDocument();
        document.LoadXml(reader.ReadToEnd());
        return document;
    }
}
