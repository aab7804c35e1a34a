namespace Kagi.Notifications;

/// <summary>
/// The tenant's outbox: email to each recipient (in their locale) and one call per matching webhook.
/// Enqueueing stores the deliveries and returns; sending and retrying happen afterwards, so a
/// failing relay or receiver never blocks or undoes the step that caused the notification.
/// Key: the tenant id.
/// </summary>
[Alias("kagi.INotificationOutboxGrain")]
public interface INotificationOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores the deliveries for <paramref name="notification"/>; returns the notification id.</summary>
    [Alias("Enqueue")]
    Task<string> EnqueueAsync(Caller caller, NotificationRequest notification);
}
