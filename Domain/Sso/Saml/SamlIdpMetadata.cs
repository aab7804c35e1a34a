using System.Collections.Immutable;
using System.Xml;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// What Kagi reads from an IdP's metadata (SAML metadata §2.4.3): the entity id, the SingleSignOnService location
/// for the HTTP-Redirect binding, and the certificates of its signing keys (a KeyDescriptor with use "signing" or
/// no use). Parsed like a response: DTDs prohibited, no resolver, bounded size. The metadata's own signature is
/// not checked: the admin pasting it is the trust anchor, as with certificates pasted one by one.
/// </summary>
public sealed record SamlIdpMetadata(string EntityId, string SsoUrl, ImmutableArray<string> SigningCertificates)
{
    public const int MaximumLength = 256 * 1024;

    /// <summary>The metadata read from <paramref name="xml"/>, or a problem in words for the admin.</summary>
    public static SamlIdpMetadata? Read(string xml, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(xml);
        problem = null;
        if (xml.Length > MaximumLength)
        {
            problem = $"The metadata is larger than {MaximumLength / 1024} KiB.";
            return null;
        }

        var document = new XmlDocument { XmlResolver = null };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0, MaxCharactersInDocument = MaximumLength };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document.Load(reader);
        }
        catch (XmlException)
        {
            problem = xml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
                ? "The metadata carries a DTD, which Kagi never reads."
                : "The metadata is not well-formed XML.";
            return null;
        }

        var entity = Descendants(document.DocumentElement!, SamlNames.Metadata, "EntityDescriptor", includeSelf: true)
            .FirstOrDefault(e => SamlDocument.Child(e, SamlNames.Metadata, "IDPSSODescriptor") is not null);
        if (entity is null || SamlDocument.Attribute(entity, "entityID") is not { } entityId)
        {
            problem = "The metadata describes no identity provider (an EntityDescriptor with an entityID and an IDPSSODescriptor).";
            return null;
        }

        var idp = SamlDocument.Child(entity, SamlNames.Metadata, "IDPSSODescriptor")!;
        var sso = SamlDocument.Children(idp, SamlNames.Metadata, "SingleSignOnService")
            .FirstOrDefault(s => s.GetAttribute("Binding") == SamlNames.HttpRedirectBinding);
        if (sso is null || SamlDocument.Attribute(sso, "Location") is not { } location)
        {
            problem = "The metadata names no SingleSignOnService for the HTTP-Redirect binding, the one Kagi sends requests with.";
            return null;
        }

        var certificates = SamlDocument.Children(idp, SamlNames.Metadata, "KeyDescriptor")
            .Where(k => k.GetAttribute("use") is "" or "signing")
            .SelectMany(k => Descendants(k, SamlNames.DSig, "X509Certificate", includeSelf: false))
            .Select(c => string.Concat((SamlDocument.TextOf(c) ?? "").Where(ch => !char.IsWhiteSpace(ch))))
            .Where(c => c.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
        return new SamlIdpMetadata(entityId, location, certificates);
    }

    private static IEnumerable<XmlElement> Descendants(XmlElement root, string ns, string localName, bool includeSelf)
    {
        if (includeSelf && root.LocalName == localName && root.NamespaceURI == ns)
        {
            yield return root;
        }

        foreach (var element in root.GetElementsByTagName(localName, ns).OfType<XmlElement>())
        {
            yield return element;
        }
    }
}
