using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>The tenant's notification channels as anyone may read them: whether a secret is set, never the secret.</summary>
[GenerateSerializer, Immutable, Alias("kagi.NotificationSettingsView")]
public sealed record NotificationSettingsView(
    [property: Id(0)] SmtpView? Smtp,
    [property: Id(1)] ImmutableArray<WebhookView> Webhooks)
{
    /// <summary>Every security event with the choice in force (chosen, or both channels by default).</summary>
    [Id(2)] public ImmutableArray<SecurityEventChoice> SecurityEvents { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("kagi.SmtpView")]
public sealed record SmtpView(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] string Security,
    [property: Id(3)] bool AllowInsecureLocalRelay,
    [property: Id(4)] string From,
    [property: Id(5)] string? Username,
    [property: Id(6)] bool PasswordSet);

[GenerateSerializer, Immutable, Alias("kagi.WebhookView")]
public sealed record WebhookView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<string> Events,
    [property: Id(3)] bool SecretSet);
