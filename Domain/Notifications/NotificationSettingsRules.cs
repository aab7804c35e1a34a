using Kagi.Identity;
using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>
/// What makes notification settings acceptable. Mail needs STARTTLS or TLS unless plain SMTP is
/// explicitly allowed for a local relay; webhooks need an http(s) URL and a secret of at least 16
/// characters (a new one, or one kept from before for the same id).
/// A stored secret is kept only for the destination it was given for: the SMTP password while the
/// host, port, security and username stay the same, a webhook secret while its URL stays the same.
/// Otherwise a changed setting could send the stored password to a relay of the changer's choosing.
/// </summary>
public static class NotificationSettingsRules
{
    /// <summary>The first problem with <paramref name="settings"/>, or null. <paramref name="stored"/>
    /// is what is stored now (without secrets), which says which secrets may be kept.</summary>
    public static string? Problem(NotificationSettings settings, NotificationSettingsView stored)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stored);
        return (settings.Smtp is { } smtp ? SmtpProblem(smtp, stored.Smtp) : null) ?? WebhooksProblem(settings, stored);
    }

    /// <summary>Whether the stored SMTP password may stay with <paramref name="smtp"/>: it is sent only to
    /// the relay, port, security and username it was given for.</summary>
    public static bool KeepsStoredPassword(SmtpSettings smtp, SmtpView? stored)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        return smtp.Password is null && smtp.Username is not null && stored is { PasswordSet: true }
            && SameRelay(smtp, stored);
    }

    /// <summary>Whether the stored secret of the webhook with the same id may stay: only while its URL is unchanged.</summary>
    public static bool KeepsStoredSecret(WebhookSettings webhook, NotificationSettingsView stored)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(stored);
        return webhook.Secret is null && Stored(webhook.Id, stored) is { SecretSet: true } kept && string.Equals(kept.Url, webhook.Url, StringComparison.Ordinal);
    }

    private static bool SameRelay(SmtpSettings smtp, SmtpView stored) =>
        string.Equals(smtp.Host, stored.Host, StringComparison.OrdinalIgnoreCase) && smtp.Port == stored.Port
        && string.Equals(smtp.Security, stored.Security, StringComparison.Ordinal) && string.Equals(smtp.Username, stored.Username, StringComparison.Ordinal);

    private static WebhookView? Stored(string id, NotificationSettingsView stored) =>
        stored.Webhooks.IsDefault ? null : stored.Webhooks.FirstOrDefault(w => string.Equals(w.Id, id, StringComparison.Ordinal));

    private static string? SmtpProblem(SmtpSettings smtp, SmtpView? stored) => smtp switch
    {
        _ when string.IsNullOrWhiteSpace(smtp.Host) || smtp.Host.Length > 253 || smtp.Host.Any(char.IsWhiteSpace) => "smtp.host is required (a host name or address).",
        _ when smtp.Port is < 1 or > 65535 => "smtp.port must be from 1 to 65535.",
        _ when smtp.Security is not (SmtpSettings.StartTls or SmtpSettings.Tls or SmtpSettings.None) => "smtp.security must be starttls, tls or none.",
        _ when smtp.Security == SmtpSettings.None && !smtp.AllowInsecureLocalRelay =>
            "smtp.security none sends mail unencrypted: use starttls or tls, or set allowInsecureLocalRelay for a local relay.",
        _ when !EmailAddresses.IsValid(smtp.From) => "smtp.from must be a mail address.",
        _ when smtp.Username is { Length: 0 } => "smtp.username must not be empty (leave it out for no authentication).",
        _ when smtp.Username is not null && smtp.Password is null && stored is not { PasswordSet: true } => "smtp.password is required with a username.",
        _ when smtp.Username is not null && smtp.Password is null && !KeepsStoredPassword(smtp, stored) =>
            "smtp.password must be given again: the host, port, security or username changed, and the stored password is only ever sent to the relay it was given for.",
        _ when smtp.Username is null && smtp.Password is not null => "smtp.password needs a username.",
        _ => null,
    };

    private static string? WebhooksProblem(NotificationSettings settings, NotificationSettingsView stored)
    {
        var webhooks = settings.Webhooks.IsDefault ? [] : settings.Webhooks;
        if (webhooks.Select(w => w.Id).Distinct(StringComparer.Ordinal).Count() != webhooks.Length)
        {
            return "webhook ids must be unique.";
        }

        foreach (var webhook in webhooks)
        {
            var problem = webhook switch
            {
                _ when !Identifiers.IsValid(webhook.Id) => $"webhooks.id must be {Identifiers.Rule}.",
                _ when !Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0 =>
                    $"webhook '{webhook.Id}': url must be an absolute http or https URL without user info.",
                _ when webhook.Secret is null && Stored(webhook.Id, stored) is not { SecretSet: true } => $"webhook '{webhook.Id}': secret is required.",
                _ when webhook.Secret is null && !KeepsStoredSecret(webhook, stored) =>
                    $"webhook '{webhook.Id}': secret must be given again: the url changed, and the stored secret only ever signs for the url it was given for.",
                _ when webhook.Secret is not null && webhook.Secret.Length < WebhookSettings.MinimumSecretLength =>
                    $"webhook '{webhook.Id}': secret must be at least {WebhookSettings.MinimumSecretLength} characters.",
                _ when !webhook.Events.IsDefault && webhook.Events.FirstOrDefault(e => !NotificationTemplates.IsKnown(e)) is { } unknown =>
                    $"webhook '{webhook.Id}': unknown event '{unknown}'.",
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>A webhook gets an event when it lists it or lists none; the test event reaches every webhook.</summary>
    public static bool Wants(IReadOnlyCollection<string> events, string eventName) =>
        events.Count == 0 || events.Contains(eventName) || eventName == NotificationEvents.Test;
}
