using System.Collections.Immutable;

namespace Kagi.Sso;

/// <summary>The tenant's single sign-on as admins read it: no client secret, only whether one is stored.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoSettingsView")]
public sealed record SsoSettingsView(
    [property: Id(0)] ImmutableArray<IdentityProviderView> Providers,
    [property: Id(1)] bool SsoOnly,
    [property: Id(2)] ImmutableArray<string> BreakGlass);

/// <summary>One identity provider without its secret.</summary>
[GenerateSerializer, Immutable, Alias("kagi.IdentityProviderView")]
public sealed record IdentityProviderView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Kind,
    [property: Id(3)] OidcProviderView? Oidc,
    [property: Id(4)] ImmutableArray<SsoRoleMapping> RoleMappings,
    [property: Id(5)] ImmutableArray<SsoGroupMapping> GroupMappings)
{
    [Id(110)] public SamlProviderView? Saml { get; init; }
}

[GenerateSerializer, Immutable, Alias("kagi.OidcProviderView")]
public sealed record OidcProviderView(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string ClientId,
    [property: Id(2)] bool HasClientSecret,
    [property: Id(3)] ImmutableArray<string> Scopes,
    [property: Id(4)] string UsernameClaim,
    [property: Id(5)] string GroupsClaim)
{
    /// <summary>Where the provider posts its back-channel logout, to register there; filled in by the Frontend, which
    /// knows Kagi's public URL (the grain does not).</summary>
    [Id(130)] public string? BackChannelLogoutUrl { get; init; }
}

/// <summary>A SAML IdP as stored: its certificates (public) with subject, SHA-256 thumbprint and end of validity.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SamlProviderView")]
public sealed record SamlProviderView(
    [property: Id(0)] string EntityId,
    [property: Id(1)] string SsoUrl,
    [property: Id(2)] ImmutableArray<SamlCertificateView> SigningCertificates,
    [property: Id(3)] string? UsernameAttribute,
    [property: Id(4)] string GroupsAttribute);

[GenerateSerializer, Immutable, Alias("kagi.SamlCertificateView")]
public sealed record SamlCertificateView(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Sha256,
    [property: Id(2)] DateTimeOffset NotAfter,
    [property: Id(3)] string Base64);

/// <summary>What the sign-in page shows of a provider: a button.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoProviderButton")]
public sealed record SsoProviderButton([property: Id(0)] string Id, [property: Id(1)] string DisplayName, [property: Id(2)] string Kind);
