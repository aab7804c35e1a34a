using System.Collections.Immutable;
using Kagi.Scim;
using Kagi.Errors;
using Kagi.Hosting;

namespace Kagi.Scim;

/// <summary>Load → apply the step (<see cref="ScimMembershipChange"/>; never past <see cref="ScimGroupLimits.MaximumMembers"/>) → persist
/// when the members changed.</summary>
public sealed class ScimGroupGrain(
    [PersistentState("scimGroup", KagiStorage.GrainState)] IPersistentState<ScimGroupState> state) : Grain, IScimGroupGrain
{
    private string TenantId => GrainKeys.Split(this.GetPrimaryKeyString()).TenantId;

    public Task<ImmutableArray<string>> MembersAsync(Caller caller)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        return Task.FromResult(state.State.Members);
    }

    public async Task<ScimMembershipResult> ApplyAsync(Caller caller, ScimMembershipStep change)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        ArgumentNullException.ThrowIfNull(change);
        var before = state.State.Members;
        var after = ScimMembershipChange.None.Then(change).ApplyTo(before);
        if (after.Length > before.Length && after.Length > ScimGroupLimits.MaximumMembers)
        {
            throw new KagiException(ProblemCode.Invalid, $"A SCIM group holds at most {ScimGroupLimits.MaximumMembers} members.");
        }

        if (!after.SequenceEqual(before))
        {
            state.State = state.State with { Members = after };
            await state.WriteStateAsync();
        }

        return new ScimMembershipResult(before, after);
    }
}
