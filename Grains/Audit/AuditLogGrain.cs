using System.Diagnostics;
using Kagi.Diagnostics;
using Kagi.Domain.Audit;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Reconciliation;
using Kagi.Requests;
using Kagi.Security;
using Kagi.Siem;
using Kagi.Tenancy;
using Microsoft.Extensions.Logging;

namespace Kagi.Audit;

/// <summary>
/// Appends to the tenant's hash chain with group commit: appends interleave, wait in a queue, and
/// one writer at a time links up to 100 of them and stores them in a single table transaction.
/// Every append returns only after its own batch is stored. All chain state is changed between
/// awaits only, so interleaving cannot fork the chain. A daily reminder purges what the tenant's
/// retention no longer keeps, after verifying the chain (AuditLogGrain.Check.cs). Key: the tenant id. Settings (and their sealed SIEM URLs) are in
/// AuditLogGrain.Settings.cs.
/// </summary>
public sealed partial class AuditLogGrain(
    [PersistentState("auditLog", KagiStorage.GrainState)] IPersistentState<AuditLogState> state,
    IAuditStore store,
    IAuditKeyring keys,
    AuditClock clock,
    OwnLoginJournals ownLogins,
    RequestIndexStore requestIndex,
    TenantVault vault,
    ILogger<AuditLogGrain> logger)
    : Grain, IAuditLogGrain, IRemindable
{
    public const string PurgeReminder = "audit-retention";

    /// <summary>Wakes the log when a delayed settings change is due (AuditLogGrain.Settings.cs).</summary>
    public const string SettingsChangeReminder = "audit-settings-change";

    /// <summary>How many records one purge step reads and removes.</summary>
    public const int PurgeStep = TableAuditStore.MaximumBatch;

    /// <summary>A checkpoint is signed at least every this many records…</summary>
    public const int CheckpointInterval = 100;

    /// <summary>…or with the first batch after this long.</summary>
    public static readonly TimeSpan CheckpointMaxAge = TimeSpan.FromMinutes(5);

    private const int AppendAttempts = 3;

    private static readonly TimeSpan PurgeReminderPeriod = TimeSpan.FromDays(1);

    private readonly Queue<PendingAppend> _queue = new();
    private Task? _writer;
    private Task? _ready;
    private long _lastSequence;
    private string _lastHash = AuditChain.GenesisHash;
    private long _checkpointedSequence;
    private DateTimeOffset _checkpointedAt;
    private CheckpointSigner? _signer;

    private string TenantId => this.GetPrimaryKeyString();

    private CheckpointSigner Signer => _signer ??= new CheckpointSigner(TenantId, keys.CheckpointSeed(TenantId));

    public async Task<long?> AppendAsync(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var arrived = Stopwatch.GetTimestamp();
        auditEvent = AuditEventBounds.Apply(auditEvent);
        if (!await IsReadyAsync())
        {
            // Refuse to open a log for a tenant that does not exist: unauthenticated callers could
            // otherwise create partitions by naming tenants.
            return null;
        }

        if (AuditPseudonym.MayNameAnUnknownUser(auditEvent)
            && (!AuditPseudonym.CouldBeUsername(auditEvent.Actor)
                // The inventory, not the user grain: a user grain appends to this log and may be waiting on it.
                || !await GrainFactory.GetGrain<Kagi.Vault.ITenantInventoryGrain>(TenantId).HasUserAsync(Caller.System(TenantId), auditEvent.Actor)))
        {
            auditEvent = AuditPseudonym.HideClaimedName(auditEvent, keys.IdentifierKey(TenantId));
        }

        var pending = new PendingAppend(auditEvent);
        _queue.Enqueue(pending);
        _writer ??= WriteQueuedAsync();
        var sequence = await pending.Stored.Task;
        KagiMetrics.AuditAppended(Stopwatch.GetElapsedTime(arrived));
        return sequence;
    }

    public async Task<AuditPage> ReadAsync(Caller caller, long? beforeSequence, int limit) =>
        await QueryAsync(caller, AuditFilter.All, beforeSequence, limit);

    public async Task<AuditPage> QueryAsync(Caller caller, AuditFilter filter, long? beforeSequence, int limit)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(filter);
        var size = Math.Clamp(limit, 1, AuditLimits.MaximumPageSize);
        var records = await store.QueryAsync(TenantId, filter, beforeSequence, size, CancellationToken.None);
        var next = records.Count == size && records[^1].Sequence > 1 ? records[^1].Sequence : (long?)null;
        return new AuditPage([.. records], next);
    }

    public async Task<AuditVerification> VerifyAsync(Caller caller)
    {
        EnsureCaller(caller);
        var checkpoints = await store.ReadCheckpointsAsync(TenantId, CancellationToken.None);
        var anchor = await store.ReadAnchorAsync(TenantId, CancellationToken.None);
        var verifier = new AuditChainVerifier(Signer, checkpoints, anchor, _lastSequence);
        await foreach (var (position, record) in store.ScanAsync(TenantId, CancellationToken.None))
        {
            verifier.Observe(position, record);
        }

        return verifier.Finish();
    }

    public async Task<AuditPurgeResult> PurgeExpiredAsync()
    {
        if (!await IsReadyAsync())
        {
            return new AuditPurgeResult(0, null, null, 0, clock.Now);
        }

        await ApplyDueSettingsAsync();
        var settings = InForce().WithoutSpentFloors(clock.Now);
        var cutOff = AuditRetention.CutOff(clock.Now, settings.RetentionDays);
        var anchor = await store.ReadAnchorAsync(TenantId, CancellationToken.None);
        var anchorSequence = anchor?.Sequence ?? 0;
        var first = anchorSequence + 1;
        while (true)
        {
            // Load → decide → persist: the anchor is signed and stored before anything is deleted,
            // so an interrupted purge leaves a log that still verifies, and the next run finishes it.
            var oldest = await store.ReadRangeAsync(TenantId, anchorSequence + 1, anchorSequence + PurgeStep, CancellationToken.None);
            if (settings.LastPurgeable(anchorSequence, oldest, clock.Now) is not { } last)
            {
                break;
            }

            var lastRecord = oldest.Single(r => r.Sequence == last);
            await store.SetAnchorAsync(TenantId, Signer.Sign(last, lastRecord.Hash, clock.Now), CancellationToken.None);
            await store.DeleteAsync(TenantId, [.. oldest.Where(r => r.Sequence <= last).Select(r => r.Sequence)], CancellationToken.None);
            anchorSequence = last;
        }

        await PurgeOwnLoginsAsync(settings.SafeCutOff(clock.Now));
        await PurgeRequestIndexAsync(settings.SafeCutOff(clock.Now));
        var purged = anchorSequence - first + 1;
        var result = new AuditPurgeResult(purged, purged > 0 ? first : null, purged > 0 ? anchorSequence : null, anchorSequence, cutOff);
        if (purged > 0)
        {
            await AppendAsync(new AuditEvent(clock.Now, Caller.SystemName, "audit.purge", null, AuditResults.Success, null,
                $"removed sequences {first}..{anchorSequence} older than {cutOff:O} (retention {state.State.RetentionDays} days{(settings.Floors.IsEmpty ? "" : ", older records as long as the retention before a shortening")}); chain anchored at {anchorSequence}"));
        }

        return result;
    }

    /// <summary>Kagi's journal of its own target logins (for reconciliation) is kept as long as the log.</summary>
    private async Task PurgeOwnLoginsAsync(DateTimeOffset cutOff)
    {
        try
        {
            await ownLogins.PurgeAsync(TenantId, cutOff, CancellationToken.None);
        }
        catch (Azure.RequestFailedException e)
        {
            LogOwnLoginPurgeFailed(logger, e, TenantId);
        }
    }

    /// <summary>Closed requests stay listed as long as the log keeps records of that time, and no longer.</summary>
    private async Task PurgeRequestIndexAsync(DateTimeOffset cutOff)
    {
        try
        {
            await requestIndex.PurgeClosedAsync(TenantId, cutOff);
        }
        catch (Azure.RequestFailedException e)
        {
            LogRequestIndexPurgeFailed(logger, e, TenantId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PurgeReminder)
        {
            // Checked before the purge, so a break among the oldest records is reported before it could be anchored away.
            await CheckChainAsync(Caller.System(TenantId));
            var result = await PurgeExpiredAsync();
            LogPurged(logger, TenantId, result.Purged, result.AnchorSequence);
        }
        else if (reminderName == SettingsChangeReminder && await IsReadyAsync())
        {
            // Loaded first, as everywhere a setting is written: loading may write the state too.
            await ApplyDueSettingsAsync();
        }
    }

    /// <summary>Checks the tenant exists and loads the chain's tail, once per activation; a store
    /// that cannot answer is reported as the audit log being unavailable.</summary>
    private async Task<bool> IsReadyAsync()
    {
        _ready ??= LoadAsync();
        try
        {
            await _ready;
            return true;
        }
        catch (TenantUnknownException)
        {
            _ready = null;
            return false;
        }
        catch (Exception e) when (e is not KagiException)
        {
            _ready = null;
            LogAppendFailed(logger, e, TenantId);
            throw Unavailable();
        }
    }

    private async Task LoadAsync()
    {
        // The directory, not the tenant grain: the tenant grain creates the first admin, whose grain appends here.
        if (!await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).ContainsAsync(TenantId))
        {
            throw new TenantUnknownException();
        }

        await LoadTailAsync();
        _checkpointedSequence = _lastSequence;
        _checkpointedAt = clock.Now;
        if (!state.State.PurgeScheduled)
        {
            await this.RegisterOrUpdateReminder(PurgeReminder, PurgeReminderPeriod, PurgeReminderPeriod);
            state.State = state.State with { PurgeScheduled = true };
            await state.WriteStateAsync();
        }
    }

    private async Task LoadTailAsync()
    {
        var latest = await store.ReadLatestAsync(TenantId, CancellationToken.None);
        _lastSequence = latest?.Sequence ?? 0;
        _lastHash = latest?.Hash ?? AuditChain.GenesisHash;
    }

    /// <summary>The single writer: drains the queue batch by batch, then stops until the next append.</summary>
    private async Task WriteQueuedAsync()
    {
        await Task.Yield(); // let the appends of this turn join the first batch
        while (_queue.Count > 0)
        {
            var batch = new List<PendingAppend>(Math.Min(_queue.Count, TableAuditStore.MaximumBatch));
            while (batch.Count < TableAuditStore.MaximumBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            await StoreAsync(batch);
        }

        _writer = null;
    }

    private async Task StoreAsync(List<PendingAppend> batch)
    {
        for (var attempt = 1; attempt <= AppendAttempts; attempt++)
        {
            // A transaction holds one partition of the log: a batch that would cross into the next is stored in two.
            var room = AuditPartitions.RoomAfter(_lastSequence);
            if (batch.Count > room)
            {
                await StoreAsync(batch[..room]);
                await StoreAsync(batch[room..]);
                return;
            }

            var records = Link(batch);
            try
            {
                await store.AppendBatchAsync(TenantId, records, CancellationToken.None);
                KagiMetrics.AuditBatchStored(records.Count);
                _lastSequence = records[^1].Sequence;
                _lastHash = records[^1].Hash;
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(records[i].Sequence);
                }

                await CheckpointIfDueAsync();
                foreach (var destination in state.State.Siem)
                {
                    _ = Forwarder(destination).WakeAsync();
                }

                return;
            }
            catch (AuditSequenceTakenException)
            {
                // Another activation wrote first (e.g. during a silo failover): continue its chain.
                try
                {
                    await LoadTailAsync();
                }
                catch (Exception e)
                {
                    Fail(batch, e);
                    return;
                }
            }
            catch (Exception e)
            {
                Fail(batch, e);
                return;
            }
        }

        foreach (var pending in batch)
        {
            pending.Stored.TrySetException(new KagiException(ProblemCode.AuditUnavailable, "The audit log is contended; the operation was not performed."));
        }
    }

    private List<AuditRecord> Link(List<PendingAppend> batch)
    {
        var records = new List<AuditRecord>(batch.Count);
        var (sequence, hash) = (_lastSequence, _lastHash);
        foreach (var pending in batch)
        {
            var record = AuditChain.Link(++sequence, pending.Event, hash);
            records.Add(record);
            hash = record.Hash;
        }

        return records;
    }

    private async Task CheckpointIfDueAsync()
    {
        var now = clock.Now;
        if (_lastSequence - _checkpointedSequence < CheckpointInterval && now - _checkpointedAt < CheckpointMaxAge)
        {
            return;
        }

        try
        {
            await store.AddCheckpointAsync(TenantId, Signer.Sign(_lastSequence, _lastHash, now), CancellationToken.None);
            _checkpointedSequence = _lastSequence;
            _checkpointedAt = now;
        }
        catch (Exception e)
        {
            // The records are stored; the next batch tries the checkpoint again.
            LogCheckpointFailed(logger, e, TenantId);
        }
    }

    private void Fail(List<PendingAppend> batch, Exception e)
    {
        LogAppendFailed(logger, e, TenantId);
        foreach (var pending in batch)
        {
            pending.Stored.TrySetException(Unavailable());
        }
    }

    private void EnsureCaller(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
    }

    private static KagiException Unavailable() => new(ProblemCode.AuditUnavailable, "The audit log is unavailable; the operation was not performed.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit append failed for tenant {TenantId}")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging Kagi's own target logins of tenant {TenantId} failed; the next purge retries")]
    private static partial void LogOwnLoginPurgeFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging closed requests of tenant {TenantId} from the request index failed; the next purge retries")]
    private static partial void LogRequestIndexPurgeFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit purge of tenant {TenantId} removed {Purged} records; anchored at {AnchorSequence}")]
    private static partial void LogPurged(ILogger logger, string tenantId, long purged, long anchorSequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit checkpoint failed for tenant {TenantId}")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string tenantId);

    private sealed class PendingAppend(AuditEvent auditEvent)
    {
        public AuditEvent Event { get; } = auditEvent;

        public TaskCompletionSource<long?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class TenantUnknownException : Exception;
}
