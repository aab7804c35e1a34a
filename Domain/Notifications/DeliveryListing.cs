namespace Kagi.Domain.Notifications;

/// <summary>
/// The listing of every status, from the status listings read one after another. A delivery only ever moves from
/// pending to sent or failed, so reading the pending listing first sees a delivery that moves during the reads once
/// or twice, never not at all; seen twice, the later read (its finished state) is the one kept.
/// </summary>
public static class DeliveryListing
{
    /// <summary>The order to read the status listings in.</summary>
    public static IReadOnlyList<string> ReadOrder { get; } = [DeliveryStatus.Pending, DeliveryStatus.Sent, DeliveryStatus.Failed];

    /// <param name="read">Every (position, delivery) read, in the order read (statuses in <see cref="ReadOrder"/>), at most
    /// <paramref name="take"/> of each status from the same continuation.</param>
    /// <returns>The first <paramref name="take"/> deliveries by position, each once.</returns>
    public static List<OutboxDelivery> Merge(IEnumerable<(string Position, OutboxDelivery Delivery)> read, int take)
    {
        ArgumentNullException.ThrowIfNull(read);
        // Each status's first `take` hold every delivery before the earliest position one of them was cut at, and
        // that status alone has `take` distinct deliveries there: dropping repeats still leaves the first `take` exact.
        return [.. read.GroupBy(r => r.Delivery.Id, StringComparer.Ordinal).Select(seen => seen.Last())
            .OrderBy(r => r.Position, StringComparer.Ordinal).Take(take).Select(r => r.Delivery)];
    }
}
