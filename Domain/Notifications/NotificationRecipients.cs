using System.Collections.Immutable;
using Kagi.Identity;

namespace Kagi.Domain.Notifications;

/// <summary>Who an email goes to: an address in the recipient's locale.</summary>
public sealed record EmailRecipient(string Address, string Locale);

/// <summary>A named recipient who gets no email, and why (recorded as a failed delivery).</summary>
public sealed record SkippedRecipient(string Username, string Reason);

/// <summary>
/// Resolves usernames (and every admin, when asked) against the tenant's directory. Disabled users,
/// users without an email address and unknown names are skipped with a reason. One address gets
/// one email, in the locale of the first user found with it.
/// </summary>
public static class NotificationRecipients
{
    public const string Disabled = "user is disabled";
    public const string NoEmail = "user has no email address";
    public const string Unknown = "no such user";

    /// <summary>Looks names, and the admins, up in <paramref name="directory"/>'s own lookups: nothing reads it whole.</summary>
    public static (ImmutableArray<EmailRecipient> Emails, ImmutableArray<SkippedRecipient> Skipped) Resolve(
        TenantDirectory directory, IEnumerable<string> usernames, bool toAdmins)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var byName = directory.ByUsername;
        var names = usernames.Distinct(StringComparer.Ordinal).ToList();
        if (toAdmins)
        {
            // Disabled admins are not named: they are no one to alert, not a failure to report.
            names.AddRange(directory.InRole(KagiRoles.Admin).Where(name => !byName[name].Disabled && !names.Contains(name, StringComparer.Ordinal)));
        }

        var emails = ImmutableArray.CreateBuilder<EmailRecipient>();
        var skipped = ImmutableArray.CreateBuilder<SkippedRecipient>();
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!byName.TryGetValue(name, out var entry))
            {
                skipped.Add(new SkippedRecipient(name, Unknown));
            }
            else if (entry.Disabled)
            {
                skipped.Add(new SkippedRecipient(name, Disabled));
            }
            else if (string.IsNullOrWhiteSpace(entry.Email))
            {
                skipped.Add(new SkippedRecipient(name, NoEmail));
            }
            else if (addresses.Add(entry.Email))
            {
                emails.Add(new EmailRecipient(entry.Email, UserLocales.IsSupported(entry.Locale) ? entry.Locale : UserLocales.English));
            }
        }

        return (emails.ToImmutable(), skipped.ToImmutable());
    }
}
