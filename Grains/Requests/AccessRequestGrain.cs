using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Vault;

namespace Kagi.Requests;

public sealed class AccessRequestGrain(
    [PersistentState("request", KagiStorage.GrainState)] IPersistentState<AccessRequestState> state,
    TimeProvider time) : TenantScopedGrain, IAccessRequestGrain
{
    public async Task<AccessRequestInfo> SubmitAsync(Caller caller, NewAccessRequest request)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Request '{LocalId}' already exists.");
        }

        // Throws not-found for an account this tenant does not have.
        await GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, request.AccountId)).GetAsync(caller);
        state.State = AccessRequestWorkflow.Default.Submit(caller.Username, request, time.GetUtcNow());
        await state.WriteStateAsync();
        return Info();
    }

    public Task<AccessRequestInfo> ApproveAsync(Caller caller, string? comment) =>
        DecideAsync(caller, current => AccessRequestWorkflow.Approve(current, caller.Username, comment, time.GetUtcNow()));

    public Task<AccessRequestInfo> RejectAsync(Caller caller, string reason) =>
        DecideAsync(caller, current => AccessRequestWorkflow.Reject(current, caller.Username, reason, time.GetUtcNow()));

    public Task<AccessRequestInfo> GetAsync(Caller caller)
    {
        EnsureExists(caller);
        return AccessRequestWorkflow.MayRead(state.State, caller) ? Task.FromResult(Info()) : throw new KagiException(ProblemCode.Forbidden, "Only the requester, approvers, admins and auditors can read a request.");
    }

    private async Task<AccessRequestInfo> DecideAsync(Caller caller, Func<AccessRequestState, AccessRequestState> decide)
    {
        EnsureExists(caller);
        state.State = decide(state.State);
        await state.WriteStateAsync();
        return Info();
    }

    private void EnsureExists(Caller caller)
    {
        EnsureCaller(caller);
        if (!state.State.Exists)
        {
            throw NotFound($"Request '{LocalId}'");
        }
    }

    private AccessRequestInfo Info()
    {
        var s = state.State;
        return new AccessRequestInfo(LocalId, s.AccountId, s.Requester, s.From, s.Until, s.Reason,
            AccessRequestWorkflow.StatusAt(s, time.GetUtcNow()), s.CreatedAt, s.Decision);
    }
}
