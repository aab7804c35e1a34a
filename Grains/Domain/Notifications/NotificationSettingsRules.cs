using Kagi.Identity;
using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>
/// What makes notification settings acceptable. Mail needs STARTTLS or TLS unless plain SMTP is
/// explicitly allowed for a local relay; webhooks need an http(s) URL and a secret of at least 16
/// characters (a new one, or one kept from before for the same id).
/// </summary>
public static class NotificationSettingsRules
{
    /// <summary>The first problem with <paramref name="settings"/>, or null. <paramref name="hasStoredSecret"/>
    /// says whether a webhook id already has a secret to keep; <paramref name="hasStoredPassword"/> likewise for SMTP.</summary>
    public static string? Problem(NotificationSettings settings, Func<string, bool> hasStoredSecret, bool hasStoredPassword)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(hasStoredSecret);
        return (settings.Smtp is { } smtp ? SmtpProblem(smtp, hasStoredPassword) : null) ?? WebhooksProblem(settings, hasStoredSecret);
    }

    private static string? SmtpProblem(SmtpSettings smtp, bool hasStoredPassword) => smtp switch
    {
        _ when string.IsNullOrWhiteSpace(smtp.Host) || smtp.Host.Length > 253 || smtp.Host.Any(char.IsWhiteSpace) => "smtp.host is required (a host name or address).",
        _ when smtp.Port is < 1 or > 65535 => "smtp.port must be from 1 to 65535.",
        _ when smtp.Security is not (SmtpSettings.StartTls or SmtpSettings.Tls or SmtpSettings.None) => "smtp.security must be starttls, tls or none.",
        _ when smtp.Security == SmtpSettings.None && !smtp.AllowInsecureLocalRelay =>
            "smtp.security none sends mail unencrypted: use starttls or tls, or set allowInsecureLocalRelay for a local relay.",
        _ when !EmailAddresses.IsValid(smtp.From) => "smtp.from must be a mail address.",
        _ when smtp.Username is { Length: 0 } => "smtp.username must not be empty (leave it out for no authentication).",
        _ when smtp.Username is not null && smtp.Password is null && !hasStoredPassword => "smtp.password is required with a username.",
        _ when smtp.Username is null && smtp.Password is not null => "smtp.password needs a username.",
        _ => null,
    };

    private static string? WebhooksProblem(NotificationSettings settings, Func<string, bool> hasStoredSecret)
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
                _ when webhook.Secret is null && !hasStoredSecret(webhook.Id) => $"webhook '{webhook.Id}': secret is required.",
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
