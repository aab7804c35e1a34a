using System.Collections.Immutable;
using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>
/// Which channels a security event goes by. An admin chooses per event (mail, webhook); an event nobody
/// chose for goes both ways, so a new event is never silently dropped. Every other event (requests,
/// reports, the operator's announcements) is not the tenant's to mute and always goes both ways.
/// </summary>
public static class SecurityEventChoices
{
    /// <summary>The first problem with <paramref name="choices"/>, or null.</summary>
    public static string? Problem(ImmutableArray<SecurityEventChoice> choices)
    {
        var given = choices.IsDefault ? [] : choices;
        if (given.FirstOrDefault(c => c is null || !NotificationEvents.Security.Contains(c.Event)) is { } unknown)
        {
            return $"securityEvents: '{unknown?.Event}' is not a security event. Known: {string.Join(", ", NotificationEvents.Security)}.";
        }

        return given.Select(c => c.Event).Distinct(StringComparer.Ordinal).Count() == given.Length ? null : "securityEvents: each event may be listed once.";
    }

    /// <summary>Every security event with the choice in force: the stored one, else both channels.</summary>
    public static ImmutableArray<SecurityEventChoice> InForce(ImmutableArray<SecurityEventChoice> stored)
    {
        var chosen = stored.IsDefault ? [] : stored;
        return [.. NotificationEvents.Security.Select(e => chosen.FirstOrDefault(c => c.Event == e) ?? new SecurityEventChoice(e, Email: true, Webhook: true))];
    }

    /// <summary>Whether <paramref name="eventName"/> goes by mail and by webhook under <paramref name="stored"/>.</summary>
    public static (bool Email, bool Webhook) Channels(ImmutableArray<SecurityEventChoice> stored, string eventName) =>
        NotificationEvents.Security.Contains(eventName) && !stored.IsDefault && stored.FirstOrDefault(c => c.Event == eventName) is { } choice
            ? (choice.Email, choice.Webhook)
            : (true, true);
}
