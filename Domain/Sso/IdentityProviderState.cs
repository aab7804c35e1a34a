using System.Collections.Immutable;
using Kagi.Domain.Sso.Saml;
using Kagi.Sso;

namespace Kagi.Domain.Sso;

/// <summary>
/// A stored identity provider. <see cref="Kind"/> discriminates which settings record is set: <c>oidc</c> uses
/// <see cref="Oidc"/>, <c>saml</c> uses <see cref="Saml"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.IdentityProviderState")]
public sealed record IdentityProviderState(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Kind)
{
    [Id(3)] public OidcProviderState? Oidc { get; init; }

    [Id(4)] public ImmutableArray<SsoRoleMapping> RoleMappings { get; init; } = [];

    [Id(5)] public ImmutableArray<SsoGroupMapping> GroupMappings { get; init; } = [];

    [Id(110)] public SamlProviderState? Saml { get; init; }

    public IdentityProviderView ToView() => new(Id, DisplayName, Kind,
        Oidc is { } oidc ? new OidcProviderView(oidc.Issuer, oidc.ClientId, oidc.SealedClientSecret is not null, oidc.Scopes, oidc.UsernameClaim, oidc.GroupsClaim) : null,
        RoleMappings, GroupMappings)
    {
        Saml = Saml?.ToView(),
    };
}

/// <summary>An OpenID Connect provider with its client secret sealed (never readable back).</summary>
[GenerateSerializer, Immutable, Alias("kagi.OidcProviderState")]
public sealed record OidcProviderState(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string ClientId,
    [property: Id(2)] byte[]? SealedClientSecret,
    [property: Id(3)] ImmutableArray<string> Scopes,
    [property: Id(4)] string UsernameClaim,
    [property: Id(5)] string GroupsClaim)
{
    public override string ToString() => $"OidcProviderState {{ Issuer = {Issuer}, ClientId = {ClientId} }}";
}
