using System.Text;
using System.Xml;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// Turns the posted <c>SAMLResponse</c> into an XML document without ever reading a DTD, resolving an
/// entity or fetching anything: the reader prohibits DTDs and has no resolver, and the document is kept
/// byte for byte (whitespace included) so the signature is checked over what the IdP signed.
/// </summary>
internal static class SamlDocument
{
    /// <summary>Far above any real response (a few KiB), low enough that parsing cannot be made expensive.</summary>
    public const int MaximumEncodedLength = 256 * 1024;

    public static SamlValidation? TryLoad(string encoded, out XmlDocument document)
    {
        document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > MaximumEncodedLength)
        {
            return SamlValidation.Refused(SamlRefusalReason.Malformed, "The SAMLResponse is empty or too large.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return SamlValidation.Refused(SamlRefusalReason.Malformed, "The SAMLResponse is not base64.");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = MaximumEncodedLength,
        };
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = XmlReader.Create(stream, settings);
            document.Load(reader);
            return null;
        }
        catch (XmlException)
        {
            // Prohibit makes any DOCTYPE fail the parse; say so, since it is an attack more often than a mistake.
            return Encoding.UTF8.GetString(bytes).Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
                ? SamlValidation.Refused(SamlRefusalReason.DtdProhibited, "The SAMLResponse carries a DTD, which Kagi never reads.")
                : SamlValidation.Refused(SamlRefusalReason.Malformed, "The SAMLResponse is not well-formed XML.");
        }
    }

    /// <summary>The child elements of <paramref name="parent"/> with this name, in document order.</summary>
    public static IEnumerable<XmlElement> Children(XmlElement parent, string ns, string localName) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == ns);

    public static XmlElement? Child(XmlElement parent, string ns, string localName) =>
        Children(parent, ns, localName).FirstOrDefault();

    /// <summary>
    /// The element's whole text: every text and CDATA child joined, comments and processing instructions
    /// skipped. Reading only the first text node is the known comment attack (<c>admin@a.test&lt;!----&gt;.evil.test</c>
    /// would read as <c>admin@a.test</c>, while the signature, made without comments, covers the whole name).
    /// Null when the element holds child elements, which no simple value does.
    /// </summary>
    public static string? TextOf(XmlElement element)
    {
        var text = new StringBuilder();
        foreach (XmlNode node in element.ChildNodes)
        {
            switch (node.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(node.Value);
                    break;
                case XmlNodeType.Comment or XmlNodeType.ProcessingInstruction:
                    break;
                default:
                    return null;
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>An attribute's value, or null when it is absent (an empty attribute is not a value either).</summary>
    public static string? Attribute(XmlElement element, string name) =>
        element.GetAttributeNode(name) is { Value.Length: > 0 } attribute ? attribute.Value : null;
}
