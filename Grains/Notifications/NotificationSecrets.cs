using Kagi.Security;

namespace Kagi.Notifications;

/// <summary>Where the notification secrets are bound: a sealed SMTP password opens only as that
/// tenant's SMTP password, a webhook secret only for its own webhook id.</summary>
public static class NotificationSecrets
{
    private const string Kind = "notification-settings";

    public static SecretContext SmtpPassword(string tenantId) => new(tenantId, Kind, "smtp", "password");

    public static SecretContext WebhookSecret(string tenantId, string webhookId) => new(tenantId, Kind, "webhook:" + webhookId, "secret");
}
