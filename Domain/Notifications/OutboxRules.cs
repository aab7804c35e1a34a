namespace Kagi.Domain.Notifications;

/// <summary>What the outbox keeps of finished deliveries: a history bounded by age, not by a count, so a busy
/// tenant never pushes out a failure an admin has not seen yet. Pending deliveries are always kept.</summary>
public static class OutboxRules
{
    /// <summary>Sent deliveries are kept this long after they were sent.</summary>
    public static readonly TimeSpan SentRetention = TimeSpan.FromDays(7);

    /// <summary>Failed deliveries are kept longer: they are what an admin comes to look for.</summary>
    public static readonly TimeSpan FailedRetention = TimeSpan.FromDays(30);

    /// <summary>Deliveries of <paramref name="status"/> finished before this are no longer kept.</summary>
    public static DateTimeOffset KeepFinishedSince(string status, DateTimeOffset now) => status switch
    {
        DeliveryStatus.Sent => now - SentRetention,
        DeliveryStatus.Failed => now - FailedRetention,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only finished deliveries age out."),
    };
}
