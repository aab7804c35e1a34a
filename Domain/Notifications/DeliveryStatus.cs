using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

public static class DeliveryStatus
{
    public const string Pending = NotificationDelivery.Pending;
    public const string Sent = NotificationDelivery.Sent;
    public const string Failed = NotificationDelivery.Failed;

    public static bool IsKnown(string? status) => status is Pending or Sent or Failed;
}
