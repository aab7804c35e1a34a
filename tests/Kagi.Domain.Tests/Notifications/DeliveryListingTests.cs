using System.Globalization;
using Kagi.Domain.Notifications;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

/// <summary>The listing of every status, merged from the status listings read one after another while deliveries move.</summary>
public sealed class DeliveryListingTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static OutboxDelivery Delivery(int minute, string status = DeliveryStatus.Pending) => new()
    {
        Id = "d" + minute.ToString("D2", CultureInfo.InvariantCulture), NotificationId = "n1", Event = NotificationEvents.Test, Channel = NotificationDelivery.Webhook,
        Recipient = "soc", Status = status, CreatedAt = Start.AddMinutes(minute),
    };

    /// <summary>Newest first, as the listings' keys sort.</summary>
    private static (string Position, OutboxDelivery Delivery) Row(OutboxDelivery delivery) =>
        ((DateTimeOffset.MaxValue.UtcTicks - delivery.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + delivery.Id, delivery);

    [Fact]
    public void Pending_is_read_first()
    {
        Assert.Equal([DeliveryStatus.Pending, DeliveryStatus.Sent, DeliveryStatus.Failed], DeliveryListing.ReadOrder);
    }

    [Fact]
    public void A_delivery_sent_between_the_reads_is_listed_once_as_sent()
    {
        var moving = Delivery(5);
        var read = new[] { Row(Delivery(9)), Row(moving), Row(Delivery(1)), Row(Delivery(7, DeliveryStatus.Sent)), Row(moving with { Status = DeliveryStatus.Sent }), Row(Delivery(3, DeliveryStatus.Failed)) };

        var listed = DeliveryListing.Merge(read, 10);

        Assert.Equal(["d09", "d07", "d05", "d03", "d01"], listed.Select(d => d.Id));
        Assert.Equal(DeliveryStatus.Sent, listed.Single(d => d.Id == "d05").Status);
    }

    [Fact]
    public void A_page_is_the_first_deliveries_by_position_across_the_statuses_with_a_repeat_dropped()
    {
        // Two a page: each status read at most three (the page and one more) after the same continuation.
        var moving = Delivery(8);
        var read = new[]
        {
            Row(Delivery(9)), Row(moving), Row(Delivery(2)),
            Row(moving with { Status = DeliveryStatus.Sent }), Row(Delivery(6, DeliveryStatus.Sent)), Row(Delivery(5, DeliveryStatus.Sent)),
            Row(Delivery(7, DeliveryStatus.Failed)),
        };

        Assert.Equal(["d09", "d08", "d07"], DeliveryListing.Merge(read, 3).Select(d => d.Id));
        Assert.Equal(["d09", "d08"], DeliveryListing.Merge(read, 2).Select(d => d.Id));
    }
}
