using System.Collections.Immutable;
using System.Text.Json;
using Kagi.Domain.Sso.Logout;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kagi.Sso;

/// <summary>
/// Reads a back-channel logout token: its signature is checked first (asymmetric algorithms only, by a key of the
/// issuer's JWKS), then its claims are read as they are, for <see cref="BackChannelLogoutToken"/> to judge. Nothing of
/// an unsigned or wrongly signed token is read.
/// </summary>
public static class LogoutTokenReader
{
    /// <summary>The longest token read: a logout token is a few hundred bytes.</summary>
    public const int MaximumLength = 16 * 1024;

    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>The claims of a token signed by one of <paramref name="signingKeys"/>, or null; <c>UnknownKey</c> says the
    /// token named a key the keys do not hold (the provider may have rotated its keys).</summary>
    public static async Task<(LogoutTokenClaims? Claims, bool UnknownKey)> ReadAsync(string logoutToken, IEnumerable<SecurityKey> signingKeys)
    {
        if (string.IsNullOrEmpty(logoutToken) || logoutToken.Length > MaximumLength)
        {
            return (null, false);
        }

        // Issuer, audience and times are the domain's rules; here only the signature is judged.
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(logoutToken, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return (null, result.Exception is SecurityTokenSignatureKeyNotFoundException);
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
            return payload.RootElement.ValueKind == JsonValueKind.Object ? (ClaimsOf(payload.RootElement), false) : (null, false);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return (null, false);
        }
    }

    private static LogoutTokenClaims ClaimsOf(JsonElement payload) => new()
    {
        Issuer = Text(payload, "iss"),
        Audiences = Audiences(payload),
        AuthorizedParty = Text(payload, "azp"),
        IssuedAt = Time(payload, "iat"),
        ExpiresAt = Time(payload, "exp"),
        Subject = Text(payload, "sub"),
        SessionId = Text(payload, "sid"),
        TokenId = Text(payload, "jti"),
        HasNonce = payload.TryGetProperty("nonce", out _),
        HasLogoutEvent = payload.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Object
            && events.TryGetProperty(BackChannelLogoutToken.LogoutEvent, out var logout) && logout.ValueKind == JsonValueKind.Object,
    };

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static ImmutableArray<string> Audiences(JsonElement payload) => payload.TryGetProperty("aud", out var aud)
        ? aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)],
            _ => [],
        }
        : [];
}
