using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Vault;

namespace Kagi.Requests;

[GenerateSerializer, Alias("kagi.state.RequestIndex")]
public sealed record RequestIndexState
{
    [Id(0)] public ImmutableSortedDictionary<string, RequestSummary> Requests { get; init; } = ImmutableSortedDictionary.Create<string, RequestSummary>(StringComparer.Ordinal);
}

/// <summary>The tenant's request listing; request grains report every change here.</summary>
public sealed class RequestIndexGrain(
    [PersistentState("requests", KagiStorage.GrainState)] IPersistentState<RequestIndexState> state,
    TimeProvider time) : Grain, IRequestIndexGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task ReportAsync(Caller caller, RequestSummary summary)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(summary);
        if (state.State.Requests.TryGetValue(summary.Id, out var known) && known == summary)
        {
            return;
        }

        state.State = state.State with { Requests = RequestListing.Trim(state.State.Requests.SetItem(summary.Id, summary)) };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<HeldAccount>> HeldUnderAsync(Caller caller, string requester)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);

        return Task.FromResult(RequestListing.HeldUnder(state.State.Requests.Values, requester));
    }

    public Task<ImmutableArray<string>> OpenOfAsync(Caller caller, string requester)
    {
        TenantGuard.Ensure(caller, TenantId);
        if (!caller.IsInRole(KagiRoles.Admin))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only an admin may list another user's requests.");
        }

        return Task.FromResult(RequestListing.OpenOf(state.State.Requests.Values, requester));
    }

    public Task<ImmutableArray<RequestSummary>> FindAsync(Caller caller, ImmutableArray<string> requestIds)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(requestIds.IsDefault
            ? ImmutableArray<RequestSummary>.Empty
            : [.. requestIds.Distinct(StringComparer.Ordinal).Select(id => state.State.Requests.GetValueOrDefault(id)).OfType<RequestSummary>()]);
    }

    public async Task<RequestPage> QueryAsync(Caller caller, RequestQuery query)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(query);
        var directory = new ApproverDirectory(
            query.ToApprove ? await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).GetDirectoryAsync(caller) : [], time.GetUtcNow());
        return RequestListing.Page(RequestListing.VisibleTo(state.State.Requests.Values, caller, query.ToApprove), query, caller.Username, directory);
    }
}
