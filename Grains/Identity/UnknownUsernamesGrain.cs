using Kagi.Domain.Identity;
using Kagi.Hosting;
using Kagi.Tenancy;

namespace Kagi.Identity;

/// <summary>
/// The tenant's lockouts of unknown usernames (<see cref="UnknownUsernameLockouts"/>). Apart from the
/// settings grain, which every API call reads, so that guessing at names never slows those reads.
/// Locks end by time; nothing needs a timer.
/// </summary>
public sealed class UnknownUsernamesGrain(
    [PersistentState("unknown-usernames", KagiStorage.GrainState)] IPersistentState<UnknownUsernameState> state,
    TimeProvider time) : Grain, IUnknownUsernamesGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task<TimeSpan?> LockedForAsync(string username)
    {
        var lockout = new LockoutPolicy((await SettingsAsync()).Lockout);
        return lockout.LockedFor(UnknownUsernameLockouts.For(state.State, username), time.GetUtcNow());
    }

    public async Task<TimeSpan?> RecordFailureAsync(string username)
    {
        var settings = (await SettingsAsync()).Lockout;
        state.State = new UnknownUsernameLockouts(settings).RecordFailure(state.State, username, time.GetUtcNow());
        await state.WriteStateAsync();
        return new LockoutPolicy(settings).LockedFor(UnknownUsernameLockouts.For(state.State, username), time.GetUtcNow());
    }

    private Task<TenantSecuritySettings> SettingsAsync() => GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();
}
