using Kagi.Audit;
using Kagi.Hosting;
using Microsoft.Extensions.Logging;

namespace Kagi.Siem;

/// <summary>
/// Load the cursor → read the next events after it → send → move the cursor (persisted) → repeat.
/// A failed send leaves the cursor where it was and is retried by a timer with back-off; a reminder
/// resumes delivery after a restart. Not reentrant: one delivery at a time, in order.
/// </summary>
public sealed partial class SiemForwarderGrain(
    [PersistentState("siem", KagiStorage.GrainState)] IPersistentState<SiemForwarderState> state,
    IAuditStore store,
    SiemSender sender,
    ILogger<SiemForwarderGrain> logger) : TenantScopedGrain, ISiemForwarderGrain, IRemindable
{
    public const string ResumeReminder = "siem-resume";
    private const int Batch = TableAuditStore.MaximumBatch;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    private TimeSpan _retryIn = FirstRetry;
    private IGrainTimer? _retry;

    public async Task ConfigureAsync(Caller caller, SiemDestination? destination)
    {
        EnsureCaller(caller);
        var restart = destination is not null && destination != state.State.Destination;
        state.State = new SiemForwarderState { Destination = destination, Cursor = restart ? 0 : state.State.Cursor };
        await state.WriteStateAsync();
        if (destination is null)
        {
            if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        // Deliver after answering: an unreachable destination must not hold up the settings change.
        _ = this.AsReference<ISiemForwarderGrain>().WakeAsync();
    }

    public Task WakeAsync() => DeliverAsync();

    public Task<long> GetCursorAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(state.State.Cursor);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => DeliverAsync();

    private async Task DeliverAsync()
    {
        if (state.State.Destination is not { } destination)
        {
            return;
        }

        while (true)
        {
            var next = state.State.Cursor + 1;
            var records = await store.ReadRangeAsync(TenantId, next, next + Batch - 1, CancellationToken.None);
            if (records.Count == 0 && await PurgedPastAsync(next) is { } anchor)
            {
                // What the cursor pointed at was purged under the retention before it went out.
                LogSkippedPurged(logger, TenantId, LocalId, next, anchor);
                state.State = state.State with { Cursor = anchor };
                await state.WriteStateAsync();
                continue;
            }

            if (records.Count == 0)
            {
                return;
            }

            try
            {
                await sender.SendAsync(TenantId, destination, records, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogSendFailed(logger, e, TenantId, LocalId, _retryIn);
                _retry?.Dispose();
                _retry = this.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(_retryIn, Timeout.InfiniteTimeSpan));
                _retryIn = TimeSpan.FromTicks(Math.Min(_retryIn.Ticks * 2, LastRetry.Ticks));
                return;
            }

            _retryIn = FirstRetry;
            state.State = state.State with { Cursor = records[^1].Sequence };
            await state.WriteStateAsync();
        }
    }

    private Task RetryAsync(CancellationToken cancellationToken) => DeliverAsync();

    private async Task<long?> PurgedPastAsync(long next)
    {
        var anchor = await store.ReadAnchorAsync(TenantId, CancellationToken.None);
        return anchor is not null && anchor.Sequence >= next ? anchor.Sequence : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIEM delivery of {TenantId} to {DestinationId} failed; retrying in {RetryIn}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string tenantId, string destinationId, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIEM destination {TenantId}/{DestinationId} skips purged events {Next}..{Anchor}")]
    private static partial void LogSkippedPurged(ILogger logger, string tenantId, string destinationId, long next, long anchor);
}
