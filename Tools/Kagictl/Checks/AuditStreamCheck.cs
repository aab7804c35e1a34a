using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Hosting;
using Kagi.Kagictl.Archive;
using Kagi.Security;

namespace Kagi.Kagictl.Checks;

/// <summary>
/// Verifies every tenant's audit chain on the audit rows as the restore writes them, instead of reading a
/// million rows back afterwards (a partition scan is the slowest read the store has). The rows verified are
/// exactly the rows sent, and the restore only succeeds once every write is acknowledged; the checkpoints and
/// the anchor are read back from the restored table (an archive holds the checkpoint table before the audit
/// table, and the restorer finishes a table's writes before the next table starts), checked with the
/// signing keys derived from the silo's master key or keyring. One tenant's checkpoints in memory at a time.
/// A tenant's rows come together in a scan, newest first, except records of the earlier layout (one partition
/// named by the tenant, all older): they come first, so a tenant that has any is verified after the restore,
/// by reading its log back in order (<see cref="VerifyReadBackAsync"/>).
/// </summary>
public sealed class AuditStreamCheck(TableAuditStore store, KekAuditKeyring keyring, TextWriter output)
{
    private readonly List<string> _readBack = [];
    private string? _tenant;
    private AuditChainVerifier? _verifier;
    private int _checkpoints;

    public bool Valid { get; private set; } = true;

    public IList<string> Tenants { get; } = [];

    public async ValueTask ObserveAsync(ArchiveItem item, CancellationToken cancellationToken)
    {
        if (item is TableEnded { Table: KagiStorage.AuditTable })
        {
            FinishTenant();
        }

        if (item is not RowRead { Table: KagiStorage.AuditTable } read)
        {
            return;
        }

        var tenant = AuditPartitions.TenantOf(read.Row.PartitionKey);
        if (tenant != _tenant)
        {
            FinishTenant();
            _tenant = tenant;
            Tenants.Add(tenant);
            if (AuditPartitions.IsLegacy(read.Row.PartitionKey))
            {
                _readBack.Add(tenant);
                return;
            }

            await StartTenantAsync(tenant, cancellationToken);
        }

        if (_verifier is null)
        {
            return; // verified once restored
        }

        var entity = TypedRows.As<AuditRecordEntity>(read.Row);
        _verifier.Observe(entity.Position, entity.ToRecord());
    }

    /// <summary>Verifies the logs that hold records of the earlier layout, read back from the restored table in order.</summary>
    public async Task VerifyReadBackAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in _readBack)
        {
            _tenant = tenant;
            await StartTenantAsync(tenant, cancellationToken);
            await foreach (var (position, record) in store.ScanAsync(tenant, cancellationToken))
            {
                _verifier!.Observe(position, record);
            }

            FinishTenant();
        }

        _readBack.Clear();
    }

    private async Task StartTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        var checkpoints = await store.ReadCheckpointsAsync(tenant, cancellationToken);
        var anchor = await store.ReadAnchorAsync(tenant, cancellationToken);
        _verifier = new AuditChainVerifier(new CheckpointSigner(tenant, keyring.CheckpointSeed(tenant)), checkpoints, anchor, knownHead: 0);
        _checkpoints = checkpoints.Count;
    }

    private void FinishTenant()
    {
        if (_verifier is null)
        {
            return;
        }

        var result = _verifier.Finish();
        output.WriteLine(result.Valid
            ? $"audit {_tenant}: {result.Records:N0} records verify ({_checkpoints} checkpoints)"
            : $"audit {_tenant}: BROKEN at sequence {result.FirstBroken} ({result.Problem})");
        Valid &= result.Valid;
        _verifier = null;
    }
}
