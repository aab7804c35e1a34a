using System.Collections.Immutable;

namespace Kagi.Sso;

/// <summary>
/// An identity provider as an admin gives it. <see cref="Kind"/> says which settings record applies: <c>oidc</c>
/// reads <see cref="Oidc"/>, <c>saml</c> reads <see cref="Saml"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.IdentityProviderInput")]
public sealed record IdentityProviderInput(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Kind)
{
    [Id(3)] public OidcProviderInput? Oidc { get; init; }

    /// <summary>IdP group → Kagi role; a user gets every role one of their groups maps to.</summary>
    [Id(4)] public ImmutableArray<SsoRoleMapping> RoleMappings { get; init; } = [];

    /// <summary>IdP group → Kagi group (approver sets, auto-approval rules).</summary>
    [Id(5)] public ImmutableArray<SsoGroupMapping> GroupMappings { get; init; } = [];

    /// <summary>The <c>saml</c> kind's settings.</summary>
    [Id(110)] public SamlProviderInput? Saml { get; init; }

    public override string ToString() => $"IdentityProviderInput {{ Id = {Id}, Kind = {Kind} }}";
}
