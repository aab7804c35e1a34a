using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>A tenant's notification channels as an admin sets them (secrets included, sealed on arrival).
/// No SMTP means the silo-wide relay (<c>KAGI_SMTP_*</c>), if any.</summary>
[GenerateSerializer, Immutable, Alias("kagi.NotificationSettings")]
public sealed record NotificationSettings(
    [property: Id(0)] SmtpSettings? Smtp,
    [property: Id(1)] ImmutableArray<WebhookSettings> Webhooks)
{
    /// <summary>The per-event choices for security events; null keeps the stored ones, so a client that
    /// does not know them never resets them.</summary>
    [Id(2)] public ImmutableArray<SecurityEventChoice>? SecurityEvents { get; init; }

    public override string ToString() => $"NotificationSettings {{ Smtp = {Smtp}, Webhooks = {(Webhooks.IsDefault ? 0 : Webhooks.Length)} }}";
}
