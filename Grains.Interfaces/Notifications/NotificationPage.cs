using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>A page of deliveries, newest first; <see cref="Continuation"/> asks for the next one (null: no more).</summary>
[GenerateSerializer, Immutable, Alias("kagi.NotificationPage")]
public sealed record NotificationPage(
    [property: Id(0)] ImmutableArray<NotificationDelivery> Deliveries,
    [property: Id(1)] string? Continuation)
{
    public const int MaximumSize = 500;
}
