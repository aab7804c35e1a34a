using Kagi.Hosting;

namespace Kagi.Scim;

/// <summary>Holds what a SCIM client keeps about one user (<see cref="ScimUserProfile"/>); forgetting it clears the state.</summary>
public sealed class ScimUserGrain(
    [PersistentState("scimUser", KagiStorage.GrainState)] IPersistentState<ScimUserProfile> state) : Grain, IScimUserGrain
{
    private string TenantId => GrainKeys.Split(this.GetPrimaryKeyString()).TenantId;

    public Task<ScimUserProfile> GetAsync(Caller caller)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        return Task.FromResult(state.State);
    }

    public async Task<ScimUserProfile> SetAsync(Caller caller, ScimUserProfile? profile)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        if (profile is null)
        {
            await state.ClearStateAsync();
            return state.State;
        }

        state.State = profile;
        await state.WriteStateAsync();
        return profile;
    }
}
