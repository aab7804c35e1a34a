using System.Collections.Immutable;
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
    public void Pruning_keeps_every_pending_delivery_and_a_bounded_number_of_finished_ones()
    {
        var finished = Enumerable.Range(0, OutboxRules.MaximumFinished + 20)
            .Select(i => DeliveryRetry.Succeeded(Fresh($"s{i}", Start.AddMinutes(i)), Start.AddMinutes(i)));
        var pending = Enumerable.Range(0, 3).Select(i => Fresh($"p{i}"));
        var old = DeliveryRetry.Succeeded(Fresh("old", Start.AddDays(-30)), Start.AddDays(-30));
        var list = ImmutableList.CreateRange([old, .. pending, .. finished]);

        var kept = OutboxRules.Prune(list, Start.AddDays(1));

        Assert.Equal(OutboxRules.MaximumFinished + 3, kept.Count);
        Assert.All(["p0", "p1", "p2", "s519", "s20"], id => Assert.Contains(kept, d => d.Id == id));
        Assert.DoesNotContain(kept, d => d.Id is "old" or "s0" or "s19");
        Assert.Same(kept, OutboxRules.Prune(kept, Start.AddDays(1)));
    }
}
