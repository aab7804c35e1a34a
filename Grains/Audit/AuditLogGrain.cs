using Kagi.Domain.Audit;
using Kagi.Errors;
using Kagi.Tenancy;
using Microsoft.Extensions.Logging;
using Kagi.Hosting;

namespace Kagi.Audit;

/// <summary>
/// Appends to the tenant's hash chain. Not reentrant: appends are serialized, so each record
/// links to the one stored just before it. Key: the tenant id.
/// </summary>
public sealed partial class AuditLogGrain(IAuditStore store, ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain
{
    private const int AppendAttempts = 3;

    private long _lastSequence;
    private string _lastHash = AuditChain.GenesisHash;
    private bool _tenantKnown;

    private string TenantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadTailAsync(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<long?> AppendAsync(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!_tenantKnown)
        {
            // Refuse to open a log for a tenant that does not exist: unauthenticated callers could
            // otherwise create partitions by naming tenants.
            _tenantKnown = await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetAsync() is not null;
            if (!_tenantKnown)
            {
                return null;
            }
        }

        for (var attempt = 1; attempt <= AppendAttempts; attempt++)
        {
            var record = AuditChain.Link(_lastSequence + 1, auditEvent, _lastHash);
            try
            {
                await store.AppendAsync(TenantId, record, CancellationToken.None);
                _lastSequence = record.Sequence;
                _lastHash = record.Hash;
                return record.Sequence;
            }
            catch (AuditSequenceTakenException)
            {
                // Another activation wrote first (e.g. during a silo failover): continue its chain.
                await LoadTailAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not KagiException)
            {
                LogAppendFailed(logger, e, TenantId);
                throw new KagiException(ProblemCode.AuditUnavailable, "The audit log is unavailable; the operation was not performed.");
            }
        }

        throw new KagiException(ProblemCode.AuditUnavailable, "The audit log is contended; the operation was not performed.");
    }

    public async Task<AuditPage> ReadAsync(Caller caller, long? beforeSequence, int limit)
    {
        TenantGuard.Ensure(caller, TenantId);

        var size = Math.Clamp(limit, 1, AuditLimits.MaximumPageSize);
        var records = await store.ReadAsync(TenantId, beforeSequence, size, CancellationToken.None);
        var next = records.Count == size && records[^1].Sequence > 1 ? records[^1].Sequence : (long?)null;
        return new AuditPage([.. records], next);
    }

    private async Task LoadTailAsync(CancellationToken cancellationToken)
    {
        var latest = await store.ReadLatestAsync(TenantId, cancellationToken);
        _lastSequence = latest?.Sequence ?? 0;
        _lastHash = latest?.Hash ?? AuditChain.GenesisHash;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit append failed for tenant {TenantId}")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string tenantId);
}
