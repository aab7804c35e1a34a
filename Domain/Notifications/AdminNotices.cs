using System.Collections.Immutable;
using Kagi.Identity;
using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>
/// The in-app notice (GET /me/notices) a security event or an operator's announcement leaves for each
/// enabled admin: the message's subject in the admin's language, of the kind the console shows
/// (<c>risk-alert</c>, <c>user-locked</c>, …, <c>incident</c>), with the source address when there is one.
/// Left whatever the admins chose for mail and webhooks: it is where they look once told elsewhere.
/// </summary>
public static class AdminNotices
{
    private const string SecurityPrefix = "security.";

    /// <summary>One notice per enabled admin, or none when <paramref name="eventName"/> leaves no notice.</summary>
    public static ImmutableArray<(string Username, UserNotice Notice)> For(
        string eventName, IEnumerable<DirectoryEntry> directory, IReadOnlyDictionary<string, string> parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!NotificationEvents.LeavesNotice(eventName))
        {
            return [];
        }

        var kind = eventName.StartsWith(SecurityPrefix, StringComparison.Ordinal) ? eventName[SecurityPrefix.Length..] : "incident";
        var ip = parameters.TryGetValue("ip", out var address) ? address : null;
        return [.. directory.Where(e => e.Roles.Contains(KagiRoles.Admin) && !e.Disabled).OrderBy(e => e.Username, StringComparer.Ordinal)
            .Select(e => (e.Username, new UserNotice(now, kind, NotificationTemplates.Render(eventName, e.Locale, parameters).Subject, ip)))];
    }
}
