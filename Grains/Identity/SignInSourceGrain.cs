using Kagi.Domain.Identity;
using Kagi.Hosting;
using Kagi.Tenancy;

namespace Kagi.Identity;

/// <summary>Spraying guard for one source address. The block ends by time; nothing needs a timer.</summary>
public sealed class SignInSourceGrain(
    [PersistentState("source", KagiStorage.GrainState)] IPersistentState<SprayState> state,
    TimeProvider time) : TenantScopedGrain, ISignInSourceGrain
{
    public Task<TimeSpan?> BlockedForAsync() => Task.FromResult(BlockedFor(state.State));

    public async Task<int> FailedUsersAsync()
    {
        var settings = await GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();
        return new SprayGuard(settings.Lockout).FailedUsers(state.State, time.GetUtcNow());
    }

    public async Task<TimeSpan?> RecordFailureAsync(string username)
    {
        var settings = await GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();
        state.State = new SprayGuard(settings.Lockout).RecordFailure(state.State, username, time.GetUtcNow());
        await state.WriteStateAsync();
        return BlockedFor(state.State);
    }

    private TimeSpan? BlockedFor(SprayState spray)
    {
        var now = time.GetUtcNow();
        return spray.BlockedUntil is { } until && now < until ? until - now : null;
    }
}
