using System.Text;
using System.Xml;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// A tenant's SP metadata (SAML metadata §2.4.4): the entity id an IdP puts in the Audience and the
/// HTTP-POST assertion consumer service it answers to. Kagi asks for signed assertions and does not
/// sign its requests, so the document carries no key.
/// </summary>
public static class SamlSpMetadata
{
    public static string Write(string spEntityId, string acsUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spEntityId);
        ArgumentException.ThrowIfNullOrWhiteSpace(acsUrl);
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement("md", "EntityDescriptor", SamlNames.Metadata);
            writer.WriteAttributeString("entityID", spEntityId);
            writer.WriteStartElement("md", "SPSSODescriptor", SamlNames.Metadata);
            writer.WriteAttributeString("AuthnRequestsSigned", "false");
            writer.WriteAttributeString("WantAssertionsSigned", "true");
            writer.WriteAttributeString("protocolSupportEnumeration", SamlNames.Protocol);
            writer.WriteElementString("md", "NameIDFormat", SamlNames.Metadata, SamlNames.NameIdUnspecified);
            writer.WriteStartElement("md", "AssertionConsumerService", SamlNames.Metadata);
            writer.WriteAttributeString("Binding", SamlNames.HttpPostBinding);
            writer.WriteAttributeString("Location", acsUrl);
            writer.WriteAttributeString("index", "0");
            writer.WriteAttributeString("isDefault", "true");
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return text.ToString();
    }
}
