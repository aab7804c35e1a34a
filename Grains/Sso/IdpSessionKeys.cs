using System.Security.Cryptography;
using System.Text;

namespace Kagi.Sso;

/// <summary>
/// Keys of <see cref="IIdpSessionsGrain"/>: <c>{tenant}/{provider}:sid:{hash}</c> for a provider session and
/// <c>{tenant}/{provider}:sub:{hash}</c> for a provider subject. The provider's values are hashed (SHA-256, hex):
/// they are the provider's text, which storage keys may not hold as it is.
/// </summary>
public static class IdpSessionKeys
{
    public static string BySession(string tenantId, string providerId, string sessionId) => Key(tenantId, providerId, "sid", sessionId);

    public static string BySubject(string tenantId, string providerId, string subject) => Key(tenantId, providerId, "sub", subject);

    private static string Key(string tenantId, string providerId, string kind, string value) =>
        GrainKeys.For(tenantId, $"{providerId}:{kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))}");
}
