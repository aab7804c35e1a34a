using System.Collections.Immutable;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Reads every delivery of an outbox page by page, checking the pages as it goes.</summary>
public static class OutboxListing
{
    public static async Task<ImmutableArray<NotificationDelivery>> ListAllAsync(this INotificationOutboxGrain outbox, Caller caller, string? status, int pageSize = NotificationPage.MaximumSize)
    {
        var all = ImmutableArray.CreateBuilder<NotificationDelivery>();
        string? continuation = null;
        do
        {
            var page = await outbox.ListAsync(caller, status, continuation, pageSize);
            Assert.InRange(page.Deliveries.Length, page.Continuation is null ? 0 : 1, pageSize);
            all.AddRange(page.Deliveries);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return all.ToImmutable();
    }
}
