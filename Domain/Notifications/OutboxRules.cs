using System.Collections.Immutable;

namespace Kagi.Domain.Notifications;

/// <summary>What the outbox sends next and what it keeps.</summary>
public static class OutboxRules
{
    /// <summary>Finished (sent or failed) deliveries kept for admins to see; pending ones are always kept.</summary>
    public const int MaximumFinished = 500;

    /// <summary>Sent deliveries older than this are dropped even below the cap; failures stay until pushed out.</summary>
    public static readonly TimeSpan SentRetention = TimeSpan.FromDays(7);

    public static ImmutableList<OutboxDelivery> Due(IEnumerable<OutboxDelivery> deliveries, DateTimeOffset now) =>
        [.. deliveries.Where(d => d.IsDue(now)).OrderBy(d => d.NextAttemptAt)];

    /// <summary>The earliest next attempt of any pending delivery, if there is one.</summary>
    public static DateTimeOffset? NextWake(IEnumerable<OutboxDelivery> deliveries) =>
        deliveries.Where(d => d.Status == DeliveryStatus.Pending).Min(d => d.NextAttemptAt);

    public static ImmutableList<OutboxDelivery> Prune(ImmutableList<OutboxDelivery> deliveries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var keep = deliveries
            .Where(d => d.Status != DeliveryStatus.Pending)
            .Where(d => !(d.Status == DeliveryStatus.Sent && d.FinishedAt < now - SentRetention))
            .OrderByDescending(d => d.FinishedAt ?? d.CreatedAt)
            .Take(MaximumFinished)
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);
        return deliveries.Count(d => d.Status != DeliveryStatus.Pending) == keep.Count
            ? deliveries
            : [.. deliveries.Where(d => d.Status == DeliveryStatus.Pending || keep.Contains(d.Id))];
    }
}
