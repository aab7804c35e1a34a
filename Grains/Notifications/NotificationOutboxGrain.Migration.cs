using Kagi.Domain.Notifications;

namespace Kagi.Notifications;

/// <summary>
/// Earlier versions kept every delivery in this grain's state. On activation whatever is still there is
/// written as rows, then the state is stored emptied. Rows are upserts of the same keys, so a crash between
/// the two steps only repeats the copy; if a write fails, activation fails, and so does every call, rather
/// than send from half a queue. Nothing needs rebuilding afterwards: the rows are the queue itself, not an
/// index of state kept elsewhere.
/// </summary>
public sealed partial class NotificationOutboxGrain
{
    private async Task MigrateAsync()
    {
        var old = state.State.Deliveries;
        if (old.IsEmpty)
        {
            return;
        }

        await store.AddAsync(TenantId, old);
        if (old.Any(d => d.Status == DeliveryStatus.Pending))
        {
            await EnsureReminderAsync();
        }

        state.State = new NotificationOutboxState();
        await state.WriteStateAsync();
    }
}
