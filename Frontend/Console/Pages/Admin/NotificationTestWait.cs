using Kagi.Frontend.Features.Notifications;
using Kagi.Notifications;
using MediatR;

namespace Kagi.Frontend.Console.Pages.Admin;

/// <summary>
/// The outcome of a test notification as the outbox records it. The outbox sends right after the
/// enqueue, so the page waits a few seconds for every delivery to be sent or to fail; what is still
/// being retried then is shown as waiting, with the reason of its last attempt.
/// </summary>
public static class NotificationTestWait
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    public static async Task<IReadOnlyList<NotificationDelivery>> OutcomeAsync(IMediator mediator, TimeProvider time, string tenantId, string notificationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediator);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + Patience;
        while (true)
        {
            // The newest page holds this notification's deliveries: it was enqueued a moment ago.
            var page = await mediator.Send(new ListNotifications.Query(tenantId, null), cancellationToken);
            var deliveries = page.Deliveries.Where(d => d.NotificationId == notificationId).OrderBy(d => d.Channel, StringComparer.Ordinal).ThenBy(d => d.Recipient, StringComparer.Ordinal).ToList();
            var tried = deliveries.Count > 0 && deliveries.All(d => d.Status != NotificationDelivery.Pending || d.Attempts > 0);
            if (tried || time.GetUtcNow() >= deadline)
            {
                return deliveries;
            }

            await Task.Delay(Pause, time, cancellationToken);
        }
    }
}
