using System.IO.Compression;
using System.Text;
using System.Xml;
using Kagi.Domain.Randomness;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// An SP-initiated AuthnRequest for the HTTP-Redirect binding (SAML 2.0 bindings §3.4): the XML is
/// raw-deflated, base64-encoded and URL-encoded into <c>SAMLRequest</c>. It is not signed: the IdP
/// learns nothing from it that it could misuse, and what protects the sign-in is the check of the
/// response, which must answer this <see cref="Id"/> (<c>InResponseTo</c>), so the caller keeps the id
/// (bound to the browser) until the response comes back.
/// </summary>
public sealed record SamlAuthnRequest(string Id, DateTimeOffset IssueInstant, string Destination, string Xml)
{
    private const string IdAlphabet = "0123456789abcdef";

    /// <summary>
    /// A request from <paramref name="spEntityId"/> to the IdP's SSO URL <paramref name="destination"/>, asking
    /// for an HTTP-POST response to <paramref name="acsUrl"/>. The id is 160 random bits behind an underscore
    /// (an xs:ID must not start with a digit).
    /// </summary>
    public static SamlAuthnRequest Create(string spEntityId, string acsUrl, string destination, DateTimeOffset now, IRandomSource random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spEntityId);
        ArgumentException.ThrowIfNullOrWhiteSpace(acsUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(random);
        var id = new StringBuilder("_", 41);
        for (var i = 0; i < 40; i++)
        {
            id.Append(random.Pick(IdAlphabet));
        }

        var instant = now.ToUniversalTime();
        return new SamlAuthnRequest(id.ToString(), instant, destination, Write(id.ToString(), instant, spEntityId, acsUrl, destination));
    }

    /// <summary>The URL to send the browser to: the SSO URL with <c>SAMLRequest</c> (and <c>RelayState</c>, if given) added.</summary>
    public string RedirectUrl(string? relayState = null)
    {
        var url = new StringBuilder(Destination)
            .Append(Destination.Contains('?', StringComparison.Ordinal) ? '&' : '?')
            .Append("SAMLRequest=").Append(Uri.EscapeDataString(Encoded()));
        if (relayState is not null)
        {
            url.Append("&RelayState=").Append(Uri.EscapeDataString(relayState));
        }

        return url.ToString();
    }

    /// <summary>The XML, raw DEFLATE (RFC 1951, no zlib header) and base64, as the redirect binding carries it.</summary>
    public string Encoded()
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(Xml));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    private static string Write(string id, DateTimeOffset instant, string spEntityId, string acsUrl, string destination)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement("samlp", "AuthnRequest", SamlNames.Protocol);
            writer.WriteAttributeString("ID", id);
            writer.WriteAttributeString("Version", "2.0");
            writer.WriteAttributeString("IssueInstant", SamlTime.Format(instant));
            writer.WriteAttributeString("Destination", destination);
            writer.WriteAttributeString("AssertionConsumerServiceURL", acsUrl);
            writer.WriteAttributeString("ProtocolBinding", SamlNames.HttpPostBinding);
            writer.WriteElementString("saml", "Issuer", SamlNames.Assertion, spEntityId);
            writer.WriteStartElement("samlp", "NameIDPolicy", SamlNames.Protocol);
            writer.WriteAttributeString("Format", SamlNames.NameIdUnspecified);
            writer.WriteAttributeString("AllowCreate", "true");
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return text.ToString();
    }
}
