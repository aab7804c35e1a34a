using System.Collections.Immutable;
using System.Globalization;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Hosting;
using Kagi.Notifications;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Siem;

/// <summary>
/// Load the cursor → read the next events after it → send → move the cursor (persisted) → repeat.
/// A failed send leaves the cursor where it was and is retried by a timer with back-off; a reminder
/// resumes delivery after a restart; a destination failing for an hour is told to the admins. Not reentrant: one delivery at a time, in order. A sealed URL
/// (one with credentials) is opened only to send and to tell whether the destination changed.
/// </summary>
public sealed partial class SiemForwarderGrain(
    [PersistentState("siem", KagiStorage.GrainState)] IPersistentState<SiemForwarderState> state,
    IAuditStore store,
    SiemSender sender,
    TenantVault vault,
    AuditClock clock,
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
        // Re-sealing (data-key rotation) changes the sealed bytes, not the destination: no restart then.
        var restart = destination is not null && (state.State.Destination is not { } stored || await PlainAsync(destination) != await PlainAsync(stored));
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

    public Task ReceiveReminder(string reminderName, TickStatus status) => DeliverAsync();

    private async Task DeliverAsync()
    {
        if (state.State.Destination is not { } destination)
        {
            return;
        }

        SiemDestination? plain = null;
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
                plain ??= await PlainAsync(destination);
                await sender.SendAsync(TenantId, plain, records, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogSendFailed(logger, e, TenantId, LocalId, _retryIn);
                await RecordOutageAsync(e);
                _retry?.Dispose();
                _retry = this.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(_retryIn, Timeout.InfiniteTimeSpan));
                _retryIn = TimeSpan.FromTicks(Math.Min(_retryIn.Ticks * 2, LastRetry.Ticks));
                return;
            }

            _retryIn = FirstRetry;
            state.State = state.State with { Cursor = records[^1].Sequence, Outage = null };
            await state.WriteStateAsync();
        }
    }

    private Task RetryAsync(CancellationToken cancellationToken) => DeliverAsync();

    /// <summary>Notes the failure; an outage of an hour is told to the tenant's admins, once (<see cref="SiemOutage"/>).</summary>
    private async Task RecordOutageAsync(Exception failure)
    {
        var now = clock.Now;
        var (outage, tell) = SiemOutage.Failed(state.State.Outage, now);
        if (outage == state.State.Outage)
        {
            return;
        }

        state.State = state.State with { Outage = outage };
        await state.WriteStateAsync();
        if (tell)
        {
            await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Caller.System(TenantId), new NotificationRequest(
                NotificationEvents.SecuritySiemFailing, [], ToAdmins: true, ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
                {
                    ["tenant"] = TenantId,
                    ["destination"] = LocalId,
                    ["since"] = outage.Since.ToString("u", CultureInfo.InvariantCulture),
                    // The kind only: an exception's message may name the URL, which can hold credentials.
                    ["error"] = failure.GetType().Name,
                    ["time"] = now.ToString("u", CultureInfo.InvariantCulture),
                })));
        }
    }

    /// <summary>The destination with its URL opened, to send to or compare; never stored or logged.</summary>
    private async Task<SiemDestination> PlainAsync(SiemDestination destination) =>
        destination.SealedUrl is { } sealedUrl
            ? destination with { Url = await vault.OpenAsync(sealedUrl, SiemSecrets.Url(TenantId, destination.Id)), SealedUrl = null }
            : destination;

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
