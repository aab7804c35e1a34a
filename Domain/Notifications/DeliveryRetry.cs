namespace Kagi.Domain.Notifications;

/// <summary>
/// When a failed delivery is tried again: 30 s after the first failure, doubling each time up to
/// one hour; after <see cref="MaximumAttempts"/> attempts it is given up as failed.
/// </summary>
public static class DeliveryRetry
{
    public const int MaximumAttempts = 8;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaximumDelay = TimeSpan.FromHours(1);

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failed attempt (1-based).</summary>
    public static TimeSpan DelayAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var doublings = Math.Min(failedAttempts - 1, 20);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < MaximumDelay ? delay : MaximumDelay;
    }

    public static OutboxDelivery Succeeded(OutboxDelivery delivery, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery with { Status = DeliveryStatus.Sent, Attempts = delivery.Attempts + 1, LastError = null, NextAttemptAt = null, FinishedAt = now };
    }

    /// <summary>Counts the attempt and schedules the next one, or gives up after the last.</summary>
    public static OutboxDelivery Failed(OutboxDelivery delivery, DateTimeOffset now, string error)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var attempts = delivery.Attempts + 1;
        return attempts >= MaximumAttempts
            ? delivery with { Status = DeliveryStatus.Failed, Attempts = attempts, LastError = $"{error} (gave up after {attempts} attempts)", NextAttemptAt = null, FinishedAt = now }
            : delivery with { Attempts = attempts, LastError = error, NextAttemptAt = now + DelayAfter(attempts) };
    }

    /// <summary>A delivery that cannot be attempted at all (no address, no relay): failed at once, no retry.</summary>
    public static OutboxDelivery Undeliverable(OutboxDelivery delivery, DateTimeOffset now, string reason)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery with { Status = DeliveryStatus.Failed, LastError = reason, NextAttemptAt = null, FinishedAt = now };
    }
}
