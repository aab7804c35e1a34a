namespace Kagi.Notifications;

/// <summary>
/// The tenant's outbox: email to each recipient (in their locale) and one call per matching webhook.
/// Enqueueing stores the deliveries and returns; sending and retrying happen afterwards, so a
/// failing relay or receiver never blocks or undoes the step that caused the notification.
/// Unknown events are refused (invalid) at enqueue. Key: the tenant id.
/// </summary>
[Alias("kagi.INotificationOutboxGrain")]
public interface INotificationOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores the deliveries for <paramref name="notification"/>; returns the notification id. Enqueues interleave
    /// (with each other and with sending): every request step of the tenant enqueues here, and one at a time they
    /// capped a tenant's submissions and approvals at what one storage write a time allows (issue 15, P5).</summary>
    [Alias("Enqueue"), Orleans.Concurrency.AlwaysInterleave]
    Task<string> EnqueueAsync(Caller caller, NotificationRequest notification);

    /// <summary>One page of the stored deliveries, newest first, optionally only those with <paramref name="status"/>
    /// (pending, sent, failed): up to <paramref name="limit"/> (at most <see cref="NotificationPage.MaximumSize"/>)
    /// after <paramref name="continuation"/>, the token an earlier page returned. Admins only.</summary>
    [Alias("List")]
    Task<NotificationPage> ListAsync(Caller caller, string? status, string? continuation, int limit);

    /// <summary>Sends every delivery that is due now and returns how many were attempted. The outbox's
    /// timer does this by itself; callers use it to avoid waiting for the next tick.</summary>
    [Alias("DeliverDue")]
    Task<int> DeliverDueAsync(Caller caller);
}
