using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Hosting;

namespace Kagi.Kagictl.Storage;

/// <summary>
/// Which rows a backup of one tenant takes. Every grain key starts with its tenant (<c>{tenant}</c> or
/// <c>{tenant}/{id}</c>), and tenant ids hold no <c>_</c> or <c>/</c>, so: a grain state row whose <c>Grain</c>
/// column is <c>{type}/{tenant}</c> or begins <c>{type}/{tenant}/</c> (of this service: its partition begins with
/// the escaped service id); in the earlier grain state layout, a row whose partition
/// is <c>{serviceId}_{type}_{tenant}</c> or begins <c>{serviceId}_{type}_{tenant}_</c>; a reminder whose
/// grain is <c>{type}/{tenant}</c> or <c>{type}/{tenant}/…</c>; an audit record whose partition is the tenant's
/// (<see cref="AuditPartitions"/>: <c>{tenant}!{bucket}</c>, or the tenant in the earlier layout); in every other table (checkpoints,
/// inventory, own logins, and tables added later the same way) a row whose partition is the tenant.
/// Kagi-wide grains (the keyring, the tenant directory) belong to no tenant and are left out.
/// </summary>
public sealed class TenantScope(string tenantId, string serviceId)
{
    public string TenantId { get; } = tenantId;

    /// <summary>A server-side filter where the layout allows one (null: read the table and test each row).</summary>
    public string? ServerFilter(string table) => table switch
    {
        KagiTables.GrainState or KagiTables.LegacyGrainState or KagiTables.Reminders => null,
        KagiStorage.AuditTable => AuditPartitions.All(TenantId),
        _ => TableClient.CreateQueryFilter($"PartitionKey eq {TenantId}"),
    };

    public bool Holds(string table, TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return table switch
        {
            KagiTables.GrainState => row.PartitionKey.StartsWith(GrainStateLayout.Escape(serviceId) + "_", StringComparison.Ordinal)
                && row.GetString(GrainStateLayout.GrainColumn) is { } grain && GrainKeyIsTenants(AfterType(grain, "", '/'), '/'),
            KagiTables.LegacyGrainState => GrainKeyIsTenants(AfterType(row.PartitionKey, serviceId + "_", '_'), '_'),
            KagiTables.Reminders => row.GetString("GrainReference") is { } grain && GrainKeyIsTenants(AfterType(grain, "", '/'), '/'),
            KagiStorage.AuditTable => AuditPartitions.TenantOf(row.PartitionKey) == TenantId,
            _ => row.PartitionKey == TenantId,
        };
    }

    private static string? AfterType(string id, string prefix, char separator)
    {
        if (!id.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var type = id.IndexOf(separator, prefix.Length);
        return type < 0 ? null : id[(type + 1)..];
    }

    private bool GrainKeyIsTenants(string? key, char separator) =>
        key is not null && (key == TenantId || key.StartsWith(TenantId + separator, StringComparison.Ordinal));
}
