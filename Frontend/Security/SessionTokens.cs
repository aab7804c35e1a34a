using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Security;

/// <summary>
/// Session tokens are <c>{tenantId}.{256 random bits}</c>. The tenant prefix lets a token used
/// against another tenant be answered 404; only a SHA-256 of the token is ever stored.
/// </summary>
public static class SessionTokens
{
    public static string Issue(string tenantId) =>
        $"{tenantId}.{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>The session grain key for a token, or null when the token is not of Kagi's form.</summary>
    public static string? GrainKeyOf(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 || token.Length > 200 || !Identifiers.IsValidTenant(token[..dot]))
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return GrainKeys.For(token[..dot], Convert.ToHexStringLower(digest));
    }
}
