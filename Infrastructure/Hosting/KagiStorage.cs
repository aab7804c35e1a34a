namespace Kagi.Hosting;

/// <summary>Names shared by the silo configuration and the grains.</summary>
public static class KagiStorage
{
    /// <summary>The grain storage provider holding every grain's state.</summary>
    public const string GrainState = "kagi";

    /// <summary>The Azure table holding audit records.</summary>
    public const string AuditTable = "KagiAudit";

    /// <summary>The Azure table holding signed audit checkpoints and each tenant's purge anchor.</summary>
    public const string AuditCheckpointTable = "KagiAuditCheckpoints";

    /// <summary>The Azure table holding grain state (the storage provider <see cref="GrainState"/>), in <see cref="GrainStateLayout"/>.</summary>
    public const string GrainRowsTable = "KagiGrains";

    /// <summary>
    /// The table grain state was kept in before <see cref="GrainRowsTable"/>, by Orleans' own provider (one partition a grain,
    /// the state name as row key). Still read for a deployment that has rows there, which move on their next write.
    /// </summary>
    public const string GrainStateTable = "KagiGrainState";

    /// <summary>The Azure table holding each tenant's inventory: accounts, users, delegations, targets.</summary>
    public const string InventoryTable = "KagiInventory";

    /// <summary>The Azure table holding each tenant's request index: a summary of every request, and its listing rows.</summary>
    public const string RequestIndexTable = "KagiRequests";
    /// <summary>The Azure table holding each tenant's notification deliveries: the queue and the recent history.</summary>
    public const string NotificationTable = "KagiNotifications";

    /// <summary>The Azure table holding each user's saved request presets.</summary>
    public const string PresetTable = "KagiPresets";

    /// <summary>The Azure table holding the lines of account import jobs: sealed until decided, then their results.</summary>
    public const string ImportTable = "KagiImports";

    /// <summary>The Azure table holding the logins Kagi itself made on targets, for usage reconciliation.</summary>
    public const string OwnLoginTable = "KagiOwnLogins";
}
