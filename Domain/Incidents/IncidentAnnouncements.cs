using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Kagi.Domain.Notifications;
using Kagi.Identity;
using Kagi.Incidents;

namespace Kagi.Domain.Incidents;

/// <summary>
/// What an operator's announcement must hold and what its admins are sent. Both languages are required:
/// every admin reads it in their own. The fingerprint tells a repeated call (same words: nothing sent
/// again) from a second announcement under an id already used (refused), without keeping the words.
/// </summary>
public static class IncidentAnnouncements
{
    public const int MaximumTitle = 200;
    public const int MaximumBody = 4000;

    /// <summary>At most this many tenants may be named; more is "all".</summary>
    public const int MaximumTenants = 1000;

    /// <summary>The first problem with <paramref name="announcement"/>, or null.</summary>
    public static string? Problem(IncidentAnnouncement announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        return announcement switch
        {
            _ when !Identifiers.IsValid(announcement.Id) => $"id must be {Identifiers.Rule}.",
            _ when Text(announcement.TitleEn, MaximumTitle, singleLine: true) is { } p => "title.en " + p,
            _ when Text(announcement.TitleJa, MaximumTitle, singleLine: true) is { } p => "title.ja " + p,
            _ when Text(announcement.BodyEn, MaximumBody, singleLine: false) is { } p => "body.en " + p,
            _ when Text(announcement.BodyJa, MaximumBody, singleLine: false) is { } p => "body.ja " + p,
            _ => null,
        };
    }

    /// <summary>The first problem with the tenants named (empty: every tenant), or null.</summary>
    public static string? TenantsProblem(ImmutableArray<string> tenants)
    {
        var named = tenants.IsDefault ? [] : tenants;
        return named switch
        {
            { Length: > MaximumTenants } => $"tenants: at most {MaximumTenants}; leave it out to announce to every tenant.",
            _ when named.FirstOrDefault(t => !Identifiers.IsValidTenant(t)) is { } bad => $"tenants: '{bad}' is not a tenant id.",
            _ when named.Distinct(StringComparer.Ordinal).Count() != named.Length => "tenants: each tenant may be named once.",
            _ => null,
        };
    }

    /// <summary>SHA-256 over the id and the four texts, each length-prefixed so no two announcements share it.</summary>
    public static string Fingerprint(IncidentAnnouncement announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var text = string.Concat(new[] { announcement.Id, announcement.TitleEn, announcement.TitleJa, announcement.BodyEn, announcement.BodyJa }
            .Select(part => $"{part.Length}:{part}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The notification's parameters: the title and body in both languages for the templates to pick from.</summary>
    public static ImmutableDictionary<string, string> Parameters(IncidentAnnouncement announcement, string tenantId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        return ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["incidentId"] = announcement.Id,
            ["tenant"] = tenantId,
            ["time"] = at.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
            [NotificationTemplates.Localized("title", UserLocales.English)] = announcement.TitleEn,
            [NotificationTemplates.Localized("title", UserLocales.Japanese)] = announcement.TitleJa,
            [NotificationTemplates.Localized("body", UserLocales.English)] = announcement.BodyEn,
            [NotificationTemplates.Localized("body", UserLocales.Japanese)] = announcement.BodyJa,
        });
    }

    private static string? Text(string? value, int maximum, bool singleLine) => value switch
    {
        null or { Length: 0 } => "is required.",
        _ when string.IsNullOrWhiteSpace(value) => "is required.",
        { Length: var n } when n > maximum => $"must be at most {maximum} characters.",
        _ when singleLine && value.Any(c => c is '\r' or '\n') => "must be one line.",
        _ when value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) => "must not contain control characters.",
        _ => null,
    };
}
