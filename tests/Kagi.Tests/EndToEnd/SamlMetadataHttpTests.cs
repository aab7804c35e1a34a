using System.Net;
using System.Xml;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Issue 12: each tenant's SAML SP metadata, served anonymously by the real Frontend.</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class SamlMetadataHttpTests(KagiDeployment kagi)
{
    private const string Md = "urn:oasis:names:tc:SAML:2.0:metadata";

    [Fact]
    public async Task A_tenants_metadata_names_its_entity_id_and_acs_under_the_public_url()
    {
        var answer = (await kagi.Api.GetAsync("/saml/acme/metadata", null)).ShouldBe(HttpStatusCode.OK);
        var publicUrl = kagi.Api.BaseAddress.GetLeftPart(UriPartial.Authority);

        Assert.Equal("application/samlmetadata+xml", answer.MediaType);
        var metadata = new XmlDocument();
        metadata.LoadXml(answer.Body);
        Assert.Equal($"{publicUrl}/saml/acme", metadata.DocumentElement!.GetAttribute("entityID"));
        var acs = (XmlElement)metadata.GetElementsByTagName("AssertionConsumerService", Md)[0]!;
        Assert.Equal($"{publicUrl}/saml/acme/acs", acs.GetAttribute("Location"));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", acs.GetAttribute("Binding"));
    }

    [Fact]
    public async Task One_tenant_has_one_entity_id_however_its_name_is_spelled_and_a_name_that_is_no_tenant_id_is_not_found()
    {
        var lower = (await kagi.Api.GetAsync("/saml/acme/metadata", null)).ShouldBe(HttpStatusCode.OK);
        var upper = (await kagi.Api.GetAsync("/saml/ACME/metadata", null)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(lower.Body, upper.Body);
        (await kagi.Api.GetAsync("/saml/no%20tenant/metadata", null)).ShouldBe(HttpStatusCode.NotFound);
    }
}
