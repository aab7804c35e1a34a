using System.Globalization;

namespace Kagi.Domain.Sso.Saml;

/// <summary>xs:dateTime as SAML wants it: UTC with a trailing Z (SAML core §1.3.3).</summary>
internal static class SamlTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time the IdP wrote, or null when it is not UTC-with-Z or not a time at all.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.EndsWith('Z') || text.Length > 40)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }
}
