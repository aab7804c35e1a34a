using System.Collections.Immutable;

namespace Kagi.Sso;

/// <summary>
/// A SAML 2.0 IdP's settings: either its metadata XML (<see cref="Metadata"/>: entity id, HTTP-Redirect SSO URL and
/// signing certificates are read from it) or those three given one by one. The username is the NameID unless
/// <see cref="UsernameAttribute"/> names an attribute; the user's groups are the values of <see cref="GroupsAttribute"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SamlProviderInput")]
public sealed record SamlProviderInput
{
    [Id(0)] public string? Metadata { get; init; }

    [Id(1)] public string? EntityId { get; init; }

    [Id(2)] public string? SsoUrl { get; init; }

    /// <summary>PEM or base64 DER; more than one while the IdP rolls its key over.</summary>
    [Id(3)] public ImmutableArray<string> SigningCertificates { get; init; } = [];

    /// <summary>Null: the NameID names the Kagi user.</summary>
    [Id(4)] public string? UsernameAttribute { get; init; }

    [Id(5)] public string GroupsAttribute { get; init; } = "groups";

    public override string ToString() => $"SamlProviderInput {{ EntityId = {EntityId}, SsoUrl = {SsoUrl} }}";
}
