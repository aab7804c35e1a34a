using Kagi.Domain.Notifications;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class DeliveryRetryTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static OutboxDelivery Fresh(string id = "d1", DateTimeOffset? created = null) => new()
    {
        Id = id, NotificationId = "n1", Event = NotificationEvents.Test, Channel = NotificationDelivery.Webhook, Recipient = "soc",
        CreatedAt = created ?? Start, NextAttemptAt = created ?? Start,
    };

    [Fact]
    public void Delays_start_at_30_seconds_and_double_up_to_an_hour()
    {
        var delays = Enumerable.Range(1, 10).Select(DeliveryRetry.DelayAfter).Select(d => (int)d.TotalSeconds).ToList();

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600], delays);
    }

    [Fact]
    public void A_failure_schedules_the_next_attempt_and_the_last_one_gives_up()
    {
        var delivery = Fresh();
        var now = Start;
        for (var attempt = 1; attempt < DeliveryRetry.MaximumAttempts; attempt++)
        {
            delivery = DeliveryRetry.Failed(delivery, now, "HTTP 500");
            Assert.Equal((DeliveryStatus.Pending, attempt, "HTTP 500"), (delivery.Status, delivery.Attempts, delivery.LastError));
            Assert.Equal(now + DeliveryRetry.DelayAfter(attempt), delivery.NextAttemptAt);
            Assert.False(delivery.IsDue(now));
            now = delivery.NextAttemptAt!.Value;
            Assert.True(delivery.IsDue(now));
        }

        delivery = DeliveryRetry.Failed(delivery, now, "HTTP 500");

        Assert.Equal((DeliveryStatus.Failed, DeliveryRetry.MaximumAttempts), (delivery.Status, delivery.Attempts));
        Assert.Null(delivery.NextAttemptAt);
        Assert.StartsWith("HTTP 500 (gave up after 8 attempts)", delivery.LastError, StringComparison.Ordinal);
        Assert.False(delivery.IsDue(now.AddDays(1)));
    }

    [Fact]
    public void Success_after_failures_clears_the_error_and_counts_the_attempt()
    {
        var sent = DeliveryRetry.Succeeded(DeliveryRetry.Failed(Fresh(), Start, "HTTP 500"), Start.AddSeconds(30));

        Assert.Equal((DeliveryStatus.Sent, 2, (string?)null, (DateTimeOffset?)null), (sent.Status, sent.Attempts, sent.LastError, sent.NextAttemptAt));
        Assert.Equal(Start.AddSeconds(30), sent.FinishedAt);
    }

    [Fact]
    public void Sent_deliveries_are_kept_a_week_and_failures_a_month_and_pending_ones_never_age_out()
    {
        var now = Start.AddDays(60);

        Assert.Equal(now.AddDays(-7), OutboxRules.KeepFinishedSince(DeliveryStatus.Sent, now));
        Assert.Equal(now.AddDays(-30), OutboxRules.KeepFinishedSince(DeliveryStatus.Failed, now));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutboxRules.KeepFinishedSince(DeliveryStatus.Pending, now));
    }
}
