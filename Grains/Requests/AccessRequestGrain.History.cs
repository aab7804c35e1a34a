using Kagi.Domain.Requests;

namespace Kagi.Requests;

public sealed partial class AccessRequestGrain
{
    /// <summary>Reads only the requester's own listing of the request index, as far as the history's bounds
    /// reach (one row more tells the counts are not complete); whoever may read this request may read it.</summary>
    public async Task<RequesterHistory> RequesterHistoryAsync(Caller caller)
    {
        await EnsureReadableAsync(caller);
        var requester = Request.Requester;
        var rows = await index.ListAsync(TenantId, new RequestScan(RequestIndexKeys.Of(requester), null, null, null), null,
            summary => summary.Id != LocalId, RequesterHistories.Counted + 1);
        return RequesterHistories.Of(requester, LocalId, rows);
    }
}
