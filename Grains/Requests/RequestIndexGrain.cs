using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Vault;

namespace Kagi.Requests;

/// <summary>The shape earlier versions kept the whole listing in: read once to migrate it, then stored empty.</summary>
[GenerateSerializer, Alias("kagi.state.RequestIndex")]
public sealed record RequestIndexState
{
    [Id(0)] public ImmutableSortedDictionary<string, RequestSummary> Requests { get; init; } = ImmutableSortedDictionary.Create<string, RequestSummary>(StringComparer.Ordinal);
}

/// <summary>
/// Reads the tenant's request index (<see cref="RequestIndexStore"/>): each query reads one listing's key
/// range, so its cost follows the page, not the tenant. Request grains write their own rows; this grain
/// writes none, except once: a listing an earlier version kept in its state is copied to rows on the first
/// activation, then the state is stored empty.
/// </summary>
public sealed class RequestIndexGrain(
    [PersistentState("requests", KagiStorage.GrainState)] IPersistentState<RequestIndexState> state,
    RequestIndexStore store,
    TimeProvider time) : Grain, IRequestIndexGrain
{
    /// <summary>Copies of the old listing written at once while migrating.</summary>
    private const int MigrationParallelism = 16;

    private string TenantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<ImmutableArray<HeldAccount>> HeldUnderAsync(Caller caller, string requester)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        var approved = await store.ListAsync(TenantId, Own(requester, AccessRequestStatus.Approved), null, _ => true, int.MaxValue);
        return RequestListing.HeldUnder(approved, requester);
    }

    public async Task<ImmutableArray<string>> OpenOfAsync(Caller caller, string requester)
    {
        TenantGuard.Ensure(caller, TenantId);
        if (!caller.IsInRole(KagiRoles.Admin))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only an admin may list another user's requests.");
        }

        var pending = await store.ListAsync(TenantId, Own(requester, AccessRequestStatus.Pending), null, _ => true, int.MaxValue);
        var approved = await store.ListAsync(TenantId, Own(requester, AccessRequestStatus.Approved), null, _ => true, int.MaxValue);
        return RequestListing.OpenOf(pending.Concat(approved), requester);
    }

    public async Task<ImmutableArray<RequestSummary>> FindAsync(Caller caller, ImmutableArray<string> requestIds)
    {
        TenantGuard.Ensure(caller, TenantId);
        return requestIds.IsDefaultOrEmpty ? [] : [.. await store.FindAsync(TenantId, requestIds)];
    }

    public async Task<RequestPage> QueryAsync(Caller caller, RequestQuery query)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(query);
        var scan = RequestListing.ScanFor(query, caller);
        var after = RequestListing.After(query.Continuation);
        var size = RequestListing.PageSize(query);
        Func<RequestSummary, bool> wanted = _ => true;
        if (scan.DecidedBy is { } decider)
        {
            var directory = new ApproverDirectory(await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).GetDirectorySnapshotAsync(caller), time.GetUtcNow());
            wanted = s => RequestSummaries.AwaitsDecisionBy(s, directory, decider);
        }

        return RequestListing.PageOf(await store.ListAsync(TenantId, scan, after, wanted, size + 1), size);
    }

    private static RequestScan Own(string requester, AccessRequestStatus status) => new(RequestIndexKeys.Of(requester, status), null, null, null);

    /// <summary>Copies what an earlier version kept in state; a request grain's newer row is never overwritten.
    /// Copies are inserts, so a crash before the state is emptied only repeats them; a failed copy fails the
    /// activation, and so every call, rather than answer from half a listing.</summary>
    private async Task MigrateAsync()
    {
        if (state.State.Requests.IsEmpty)
        {
            return;
        }

        foreach (var chunk in state.State.Requests.Values.Chunk(MigrationParallelism))
        {
            await Task.WhenAll(chunk.Select(summary => store.AddIfAbsentAsync(TenantId, summary)));
        }

        state.State = new RequestIndexState();
        await state.WriteStateAsync();
    }
}
