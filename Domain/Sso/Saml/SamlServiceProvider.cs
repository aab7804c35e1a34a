namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// Kagi's SAML names for one tenant, all under the public URL: the entity id (what IdPs put in the
/// Audience) <c>{public}/saml/{tenant}</c>, the ACS <c>{public}/saml/{tenant}/acs</c> and the metadata
/// <c>{public}/saml/{tenant}/metadata</c>. Derived, never stored, so they cannot drift apart.
/// </summary>
public sealed record SamlServiceProvider(string EntityId, string AcsUrl, string MetadataUrl)
{
    /// <summary>The names for <paramref name="tenantId"/> (already canonical) under <paramref name="publicUrl"/>.</summary>
    public static SamlServiceProvider For(Uri publicUrl, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var entityId = $"{publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/saml/{Uri.EscapeDataString(tenantId)}";
        return new SamlServiceProvider(entityId, entityId + "/acs", entityId + "/metadata");
    }

    /// <summary>The tenant's SP metadata document (<see cref="SamlSpMetadata"/>).</summary>
    public string Metadata() => SamlSpMetadata.Write(EntityId, AcsUrl);
}
