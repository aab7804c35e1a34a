using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kagi.Domain.Notifications;

/// <summary>
/// The webhook signature: <c>X-Kagi-Signature: sha256=&lt;hex&gt;</c>, the lower-case hex of
/// HMAC-SHA256 keyed with the webhook secret (its UTF-8 bytes) over
/// <c>{X-Kagi-Timestamp}.{raw body}</c>, where the timestamp is Unix seconds. Receivers recompute
/// it over the raw body exactly as received, compare in constant time and refuse timestamps
/// outside a few minutes of their clock (replays). <see cref="Verify"/> is a receiver's whole check.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Compute(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when <paramref name="signature"/> is the signature of <paramref name="body"/> at
    /// <paramref name="timestampHeader"/> and that time is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestampHeader, string body, string? signature, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (signature is null || !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
    }
}
