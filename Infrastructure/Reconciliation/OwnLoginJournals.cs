using Azure;
using Azure.Data.Tables;
using Kagi.Connectors;
using Kagi.Hosting;
using Microsoft.Extensions.Logging;

namespace Kagi.Reconciliation;

/// <summary>
/// Kagi's own logins on targets, in Azure table <see cref="KagiStorage.OwnLoginTable"/>, one partition
/// per tenant: written by the connectors (through <see cref="TargetEndpoint.OwnLogins"/>), read by
/// reconciliation, purged with the tenant's audit retention.
/// </summary>
public sealed partial class OwnLoginJournals(TableServiceClient tables, ILogger<OwnLoginJournals> logger)
{
    private readonly TableClient _table = tables.GetTableClient(KagiStorage.OwnLoginTable);
    private readonly ILogger _logger = logger;
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.OwnLoginTable).CreateIfNotExistsAsync());

    /// <summary>The journal of one target of one tenant.</summary>
    public IOwnLoginJournal For(string tenantId, string targetId) => new Journal(this, tenantId, targetId);

    /// <summary>Removes the tenant's entries that started before <paramref name="cutOff"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(string tenantId, DateTimeOffset cutOff, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync();
        var removed = 0;
        var batch = new List<TableTransactionAction>();
        var filter = TableClient.CreateQueryFilter<OwnLoginEntity>(e => e.PartitionKey == tenantId && e.Started < cutOff);
        await foreach (var entity in _table.QueryAsync<OwnLoginEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All));
            if (batch.Count == 100)
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken);
                removed += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
            removed += batch.Count;
        }

        return removed;
    }

    private Task EnsureCreatedAsync() => _created.Value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kagi's login of {Username} on target {TenantId}/{TargetId} could not be noted; reconciliation will flag it")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string tenantId, string targetId, string username);

    private sealed class Journal(OwnLoginJournals owner, string tenantId, string targetId) : IOwnLoginJournal
    {
        public async Task RecordAsync(OwnLogin login, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(login);
            try
            {
                await owner.EnsureCreatedAsync();
                await owner._table.AddEntityAsync(OwnLoginEntity.From(tenantId, targetId, login), cancellationToken);
            }
            catch (RequestFailedException e)
            {
                // Not worth failing a rotation over: the unexplained line errs towards the auditor.
                LogNotRecorded(owner._logger, e, tenantId, targetId, login.Username);
            }
        }

        public async Task<IReadOnlyList<OwnLogin>> ReadAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
        {
            await owner.EnsureCreatedAsync();
            var low = OwnLoginEntity.KeyOf(targetId, from);
            var high = OwnLoginEntity.KeyOf(targetId, until);
            var logins = new List<OwnLogin>();
            await foreach (var entity in owner._table.QueryAsync<OwnLoginEntity>(
                e => e.PartitionKey == tenantId && e.RowKey.CompareTo(low) >= 0 && e.RowKey.CompareTo(high) < 0, cancellationToken: cancellationToken))
            {
                logins.Add(entity.ToLogin());
            }

            return logins;
        }
    }
}
