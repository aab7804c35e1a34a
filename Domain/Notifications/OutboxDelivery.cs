using System.Collections.Immutable;
using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>
/// One stored delivery with what it sends: the rendered subject and body for an email, the JSON
/// payload for a webhook (fixed at enqueue, so every retry sends the same body; only the timestamp
/// and signature are new per attempt).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.state.OutboxDelivery")]
public sealed record OutboxDelivery
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string NotificationId { get; init; }
    [Id(2)] public required string Event { get; init; }
    [Id(3)] public required string Channel { get; init; }
    [Id(4)] public required string Recipient { get; init; }
    [Id(5)] public string Status { get; init; } = DeliveryStatus.Pending;
    [Id(6)] public int Attempts { get; init; }
    [Id(7)] public string? LastError { get; init; }
    [Id(8)] public DateTimeOffset? NextAttemptAt { get; init; }
    [Id(9)] public string? RequestId { get; init; }
    [Id(10)] public DateTimeOffset CreatedAt { get; init; }
    [Id(11)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(12)] public string? Subject { get; init; }
    [Id(13)] public string? Body { get; init; }
    [Id(14)] public string? Payload { get; init; }

    public bool IsDue(DateTimeOffset now) => Status == DeliveryStatus.Pending && NextAttemptAt is { } at && at <= now;

    public NotificationDelivery ToInfo() => new(Id, NotificationId, Event, Channel, Recipient, Status, Attempts, LastError, NextAttemptAt, RequestId, CreatedAt);
}

/// <summary>The outbox's deliveries as earlier versions stored them, in the grain's state; only read to move
/// them to the outbox's table on activation, then stored empty.</summary>
[GenerateSerializer, Alias("kagi.state.NotificationOutbox")]
public sealed record NotificationOutboxState
{
    [Id(0)] public ImmutableList<OutboxDelivery> Deliveries { get; init; } = [];

    /// <summary>Whether the table rows only earlier versions wrote (all statuses' listing, the age-out order) are all removed.</summary>
    [Id(1)] public bool LegacyRowsRemoved { get; init; }
}
