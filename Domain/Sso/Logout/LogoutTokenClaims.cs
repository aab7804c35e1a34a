using System.Collections.Immutable;

namespace Kagi.Domain.Sso.Logout;

/// <summary>
/// What a back-channel logout token says, read only after its signature was checked against the identity provider's
/// keys (that check is the infrastructure's: it needs the provider's JWKS). Times are the token's own
/// (<c>iat</c>, <c>exp</c>); <see cref="HasLogoutEvent"/> is whether <c>events</c> is an object holding the
/// back-channel logout event as an object; <see cref="HasNonce"/> whether a <c>nonce</c> claim is present at all.
/// </summary>
public sealed record LogoutTokenClaims
{
    public string? Issuer { get; init; }

    public ImmutableArray<string> Audiences { get; init; } = [];

    /// <summary>The <c>azp</c> claim, when present.</summary>
    public string? AuthorizedParty { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Subject { get; init; }

    /// <summary>The provider's session (<c>sid</c>).</summary>
    public string? SessionId { get; init; }

    /// <summary>The token's id (<c>jti</c>).</summary>
    public string? TokenId { get; init; }

    public bool HasNonce { get; init; }

    public bool HasLogoutEvent { get; init; }

    public override string ToString() => $"LogoutTokenClaims {{ Issuer = {Issuer} }}";
}
