namespace Kagi.Notifications;

/// <summary>
/// One message to one recipient: an email address, or a webhook (by id). <see cref="Status"/> is
/// <c>pending</c>, <c>sent</c> or <c>failed</c>; <see cref="LastError"/> says why, never with a secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.NotificationDelivery")]
public sealed record NotificationDelivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string NotificationId,
    [property: Id(2)] string Event,
    [property: Id(3)] string Channel,
    [property: Id(4)] string Recipient,
    [property: Id(5)] string Status,
    [property: Id(6)] int Attempts,
    [property: Id(7)] string? LastError,
    [property: Id(8)] DateTimeOffset? NextAttemptAt,
    [property: Id(9)] string? RequestId,
    [property: Id(10)] DateTimeOffset CreatedAt)
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}
