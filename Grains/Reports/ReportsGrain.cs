using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Reports;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Requests;
using Kagi.Vault;
using Orleans.Concurrency;

namespace Kagi.Reports;

/// <summary>
/// Load (audit pages, account metadata, target logs) → shape (<see cref="AuditReports"/>,
/// <see cref="UsageReconciliation"/>). Holds nothing, so any silo may build any report. Key: the tenant id.
/// </summary>
[StatelessWorker]
public sealed class ReportsGrain : Grain, IReportsGrain
{
    /// <summary>How far before the period check-outs are looked for, so a lease open across its
    /// start still covers logins inside it.</summary>
    public static readonly TimeSpan LeaseLookBack = TimeSpan.FromDays(7);

    private string TenantId => this.GetPrimaryKeyString();

    private IAuditLogGrain Log => GrainFactory.GetGrain<IAuditLogGrain>(TenantId);

    public async Task<ImmutableArray<ChangeRow>> AccountChangesAsync(Caller caller, DateTimeOffset since, DateTimeOffset until)
    {
        EnsureCaller(caller);
        var accounts = await ReadAsync(caller, new AuditFilter(since, until, Kind: "account."));
        var targets = await ReadAsync(caller, new AuditFilter(since, until, Kind: "target."));
        return [.. AuditReports.AccountChanges(accounts.Concat(targets).OrderBy(r => r.Sequence))];
    }

    public async Task<ImmutableArray<ChangeRow>> UserChangesAsync(Caller caller, DateTimeOffset since, DateTimeOffset until)
    {
        EnsureCaller(caller);
        return [.. AuditReports.UserChanges(await ReadAsync(caller, new AuditFilter(since, until, Kind: AuditKinds.Operation)))];
    }

    public async Task<ImmutableArray<UsageRow>> UsageAsync(Caller caller, DateTimeOffset since, DateTimeOffset until)
    {
        EnsureCaller(caller);
        var rows = Overlapping(AuditReports.Usage(await ReadAsync(caller, new AuditFilter(since - LeaseLookBack, until, Kind: "account."))), since).ToList();
        var requests = await GrainFactory.GetGrain<IRequestIndexGrain>(TenantId).FindAsync(caller, [.. rows.Select(r => r.RequestId).OfType<string>()]);
        return [.. AuditReports.WithReports(rows, requests.ToDictionary(r => r.Id, r => r.ReportStatus, StringComparer.Ordinal))];
    }

    public async Task<ReconciliationReport> ReconciliationAsync(Caller caller, DateTimeOffset since, DateTimeOffset until)
    {
        EnsureCaller(caller);
        var records = await ReadAsync(caller, new AuditFilter(since - LeaseLookBack, until, Kind: "account."));
        var reconciliation = new UsageReconciliation(AuditReports.Usage(records), records, until);
        var created = await ReadAsync(caller, new AuditFilter(Kind: "account.create", Result: AuditResults.Success));
        var rows = new List<ReconciliationRow>();
        var unreconciled = new List<string>();
        var accounts = new List<AccountInfo>();
        foreach (var accountId in created.Select(r => r.Event.AccountId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            accounts.Add(await GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, accountId)).GetAsync(caller));
        }

        foreach (var byTarget in accounts.GroupBy(a => a.TargetId, StringComparer.Ordinal))
        {
            var target = GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, byTarget.Key));
            ImmutableArray<ObservedLogin>? logins;
            try
            {
                logins = await target.ReadLoginsAsync(caller, since, until);
            }
            catch (KagiException e) when (e.Code is ProblemCode.TargetUnavailable or ProblemCode.HostKeyMismatch)
            {
                unreconciled.Add($"target {byTarget.Key}: {e.Message}");
                continue;
            }

            if (logins is not { } seen)
            {
                var kind = (await target.GetAsync(caller))?.Kind;
                unreconciled.Add($"target {byTarget.Key} ({kind}): no login source for this kind yet");
                continue;
            }

            foreach (var account in byTarget)
            {
                rows.AddRange(reconciliation.Reconcile(byTarget.Key, account.Id, account.Username, seen));
            }
        }

        return new ReconciliationReport([.. rows.OrderBy(r => r.LoginAt)], [.. unreconciled]);
    }

    /// <summary>The tenant's records matching <paramref name="filter"/>, oldest first.</summary>
    private async Task<List<AuditRecord>> ReadAsync(Caller caller, AuditFilter filter)
    {
        var records = new List<AuditRecord>();
        long? before = null;
        do
        {
            var page = await Log.QueryAsync(caller, filter, before, AuditLimits.MaximumPageSize);
            records.AddRange(page.Records);
            before = page.NextBeforeSequence;
        }
        while (before is not null);

        records.Reverse();
        return records;
    }

    private static IEnumerable<UsageRow> Overlapping(IEnumerable<UsageRow> rows, DateTimeOffset since) =>
        rows.Where(r => r.CheckedInAt is not { } end || end >= since);

    private void EnsureCaller(Caller caller) => TenantGuard.Ensure(caller, TenantId);
}
