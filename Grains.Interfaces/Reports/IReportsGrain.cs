using System.Collections.Immutable;

namespace Kagi.Reports;

/// <summary>
/// A tenant's audit reports over a period [since, until), built from its audit log (and, for
/// reconciliation, from the targets' own logs). Key: the tenant id.
/// </summary>
[Alias("kagi.IReportsGrain")]
public interface IReportsGrain : IGrainWithStringKey
{
    /// <summary>Targets and accounts created, rotated (or failing to), and other account changes.</summary>
    [Alias("AccountChanges")]
    Task<ImmutableArray<ChangeRow>> AccountChangesAsync(Caller caller, DateTimeOffset since, DateTimeOffset until);

    /// <summary>Users created and their roles, and other user changes.</summary>
    [Alias("UserChanges")]
    Task<ImmutableArray<ChangeRow>> UserChangesAsync(Caller caller, DateTimeOffset since, DateTimeOffset until);

    /// <summary>Privileged-ID use: check-outs in the period with their check-ins.</summary>
    [Alias("Usage")]
    Task<ImmutableArray<UsageRow>> UsageAsync(Caller caller, DateTimeOffset since, DateTimeOffset until);

    /// <summary>Logins seen on the targets, each matched against approved check-outs; the rest flagged.</summary>
    [Alias("Reconciliation")]
    Task<ReconciliationReport> ReconciliationAsync(Caller caller, DateTimeOffset since, DateTimeOffset until);
}
