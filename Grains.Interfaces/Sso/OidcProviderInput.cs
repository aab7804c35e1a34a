using System.Collections.Immutable;

namespace Kagi.Sso;

/// <summary>An OpenID Connect provider's settings. <see cref="ClientSecret"/> null keeps the stored one, while the
/// issuer and client id stay the same: a stored secret never follows a changed provider.</summary>
[GenerateSerializer, Immutable, Alias("kagi.OidcProviderInput")]
public sealed record OidcProviderInput(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string? ClientSecret)
{
    /// <summary>Scopes asked for; <c>openid</c> is always among them.</summary>
    [Id(3)] public ImmutableArray<string> Scopes { get; init; } = ["openid", "profile", "email"];

    /// <summary>The id_token claim that names the Kagi user.</summary>
    [Id(4)] public string UsernameClaim { get; init; } = "preferred_username";

    /// <summary>The id_token claim listing the user's groups.</summary>
    [Id(5)] public string GroupsClaim { get; init; } = "groups";

    public override string ToString() => $"OidcProviderInput {{ Issuer = {Issuer}, ClientId = {ClientId} }}";
}
