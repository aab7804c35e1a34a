using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>The tenant's notification channels with their secrets sealed (<see cref="NotificationSecrets"/>).</summary>
[GenerateSerializer, Alias("kagi.state.NotificationSettings")]
public sealed record NotificationSettingsState
{
    [Id(0)] public SmtpState? Smtp { get; init; }
    [Id(1)] public ImmutableArray<WebhookState> Webhooks { get; init; } = [];

    /// <summary>The security events an admin chose channels for (<c>SecurityEventChoices</c>); the rest go both ways.</summary>
    [Id(2)] public ImmutableArray<SecurityEventChoice> SecurityEvents { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("kagi.state.Smtp")]
public sealed record SmtpState(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] string Security,
    [property: Id(3)] bool AllowInsecureLocalRelay,
    [property: Id(4)] string From,
    [property: Id(5)] string? Username,
    [property: Id(6)] byte[]? SealedPassword)
{
    public SmtpView ToView() => new(Host, Port, Security, AllowInsecureLocalRelay, From, Username, SealedPassword is not null);

    public override string ToString() => $"SmtpState {{ Host = {Host}, Port = {Port}, Security = {Security} }}";
}

[GenerateSerializer, Immutable, Alias("kagi.state.Webhook")]
public sealed record WebhookState(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] byte[] SealedSecret,
    [property: Id(3)] ImmutableArray<string> Events)
{
    public WebhookView ToView() => new(Id, Url, Events, SecretSet: true);

    public override string ToString() => $"WebhookState {{ Id = {Id} }}";
}
