using System.Collections.Immutable;
using Kagi.Domain.Scim;
using Kagi.Hosting;

namespace Kagi.Scim;

/// <summary>Load → decide (<see cref="ScimGroupDirectoryRules"/>) → persist. The list is bounded, so it is grain state.</summary>
public sealed class ScimGroupDirectoryGrain(
    [PersistentState("scimGroupDirectory", KagiStorage.GrainState)] IPersistentState<ScimGroupDirectoryState> state,
    TimeProvider time) : Grain, IScimGroupDirectoryGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public Task<ImmutableArray<ScimGroupEntry>> ListAsync(Caller caller)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        return Task.FromResult(state.State.Groups);
    }

    public async Task<ScimGroupEntry> CreateAsync(Caller caller, string displayName, string? externalId)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        ArgumentNullException.ThrowIfNull(displayName);
        var entry = new ScimGroupEntry(ScimGroupIds.Of(displayName), displayName, externalId, time.GetUtcNow());
        state.State = ScimGroupDirectoryRules.Add(state.State, entry);
        await state.WriteStateAsync();
        return entry;
    }

    public async Task<bool> RemoveAsync(Caller caller, string groupId)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        var (next, removed) = ScimGroupDirectoryRules.Remove(state.State, groupId);
        if (removed)
        {
            state.State = next;
            await state.WriteStateAsync();
        }

        return removed;
    }
}
