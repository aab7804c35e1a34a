using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Kagi.Frontend.Security;

/// <summary>
/// A random token that marks a browser or script as a device the user signed in from before; only its
/// SHA-256 reaches the risk profile. It proves nothing by itself, it only lowers the risk score.
/// </summary>
public static class DeviceTokens
{
    public const string Cookie = "kagi_device";

    public static string Issue() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
