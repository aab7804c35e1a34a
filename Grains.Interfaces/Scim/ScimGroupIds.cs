using System.Security.Cryptography;
using System.Text;

namespace Kagi.Scim;

/// <summary>
/// A SCIM group's id: the first 128 bits of the SHA-256 of its identity-provider name, in hex. The names the SSO
/// mappings hold may be anything an IdP calls a group (spaces, slashes), so the id, not the name, goes into URLs and
/// grain keys; it is found again by hashing the mappings' names, which are few.
/// </summary>
public static class ScimGroupIds
{
    public static string Of(string groupName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupName)).AsSpan(0, 16));
}
