using System.Text.RegularExpressions;

namespace Kagi;

/// <summary>
/// The one rule for every identifier Kagi keys storage by: tenants, users, accounts, targets,
/// workflows, requests, presets, groups and the ids of settings entries.
/// <para>
/// Each is canonicalised once, where it enters (route, JSON body, CSV, sign-in): ASCII letters are
/// folded to lowercase and the result must match the shape below exactly (<c>\A…\z</c>, so no trailing
/// newline slips through as it would with <c>$</c>). Inside Kagi only canonical identifiers exist, so
/// one person has one name: <c>Eve_X</c> and <c>eve_x</c> are the same user, and <c>eve#x</c>, which
/// table storage would store as <c>eve_x</c>, is not an identifier at all.
/// </para>
/// The shapes keep every character table storage rewrites (<c>/ \ # ?</c>) and every control
/// character out, and tenants contain no <c>_</c>, so <c>{tenant}/{id}</c> keys stay distinct after
/// storage maps <c>/</c> to <c>_</c>.
/// </summary>
public static partial class Identifiers
{
    public const int MaximumLength = 64;

    public const string Rule = "1-64 characters: lowercase letters, digits, '.', '_', '-', '@', starting with a letter or digit";

    public const string TenantRule = "1-63 characters: lowercase letters, digits and inner hyphens";

    /// <summary>Whether <paramref name="id"/> is already a canonical identifier.</summary>
    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id);

    /// <summary>Whether <paramref name="tenantId"/> is already a canonical tenant id.</summary>
    public static bool IsValidTenant(string? tenantId) => tenantId is not null && TenantShape().IsMatch(tenantId);

    /// <summary>The canonical form of <paramref name="raw"/>, or null when it cannot be an identifier.</summary>
    public static string? Canonicalize(string? raw) => Fold(raw) is { } folded && IsValid(folded) ? folded : null;

    /// <summary>The canonical form of a tenant id, or null when it cannot be one.</summary>
    public static string? CanonicalizeTenant(string? raw) => Fold(raw) is { } folded && IsValidTenant(folded) ? folded : null;

    /// <summary>
    /// Case folding alone, for the edges that fold first and let validation name what is wrong:
    /// ASCII letters become lowercase, nothing else changes (no trimming, no Unicode folding, so a
    /// look-alike letter stays and is then refused).
    /// </summary>
    public static string? Fold(string? raw)
    {
        if (raw is null || !raw.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return raw;
        }

        return string.Create(raw.Length, raw, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
            }
        });
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._@-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TenantShape();
}
