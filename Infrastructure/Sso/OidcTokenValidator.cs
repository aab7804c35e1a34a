using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kagi.Sso;

/// <summary>
/// Checks an id_token as OpenID Connect Core 3.1.3.7 asks: signed (asymmetric algorithms only, by a key of the
/// issuer's JWKS), issued by the configured issuer, for this client (audience; <c>azp</c> when present), not expired
/// (two minutes of skew), and carrying the nonce this flow sent. Answers the claims Kagi reads, or why not.
/// </summary>
public static class OidcTokenValidator
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static async Task<OidcTokenCheck> ValidateAsync(string idToken, OidcExpectations expected, IEnumerable<SecurityKey> signingKeys)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = expected.Issuer,
            ValidAudience = expected.ClientId,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            ValidateIssuerSigningKey = true,
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return OidcTokenCheck.Refused("id_token rejected: " + (result.Exception?.GetType().Name ?? "invalid"));
        }

        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !FixedTimeEquals(nonce, expected.Nonce))
        {
            return OidcTokenCheck.Refused("id_token rejected: nonce mismatch");
        }

        if (token.TryGetPayloadValue<string>("azp", out var azp) && azp != expected.ClientId)
        {
            return OidcTokenCheck.Refused("id_token rejected: azp names another client");
        }

        if (string.IsNullOrEmpty(token.Subject))
        {
            return OidcTokenCheck.Refused("id_token rejected: no subject");
        }

        var username = token.Claims.FirstOrDefault(c => c.Type == expected.UsernameClaim)?.Value;
        var groups = token.Claims.Where(c => c.Type == expected.GroupsClaim).Select(c => c.Value).ToImmutableArray();
        var multiFactor = token.Claims.Any(c => c.Type == "amr" && c.Value == "mfa");
        // The provider's session, so its back-channel logout can end the Kagi sessions it signed in to.
        var sessionId = token.TryGetPayloadValue<string>("sid", out var sid) && !string.IsNullOrEmpty(sid) ? sid : null;
        return new OidcTokenCheck(null, token.Subject, username, groups, multiFactor) { SessionId = sessionId };
    }

    private static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

/// <summary>What the id_token must say: who issued it, for which client, with which nonce; and which claims to read.</summary>
public sealed record OidcExpectations(string Issuer, string ClientId, string Nonce, string UsernameClaim, string GroupsClaim);

/// <summary>A checked id_token: <see cref="Problem"/> when refused (no token content, never the token), else its claims.</summary>
public sealed record OidcTokenCheck(string? Problem, string? Subject, string? UsernameClaim, ImmutableArray<string> Groups, bool MultiFactor)
{
    /// <summary>The provider's session (<c>sid</c>), when the id_token names one.</summary>
    public string? SessionId { get; init; }

    public static OidcTokenCheck Refused(string problem) => new(problem, null, null, [], false);
}
