using System.Collections.Immutable;
using Kagi.Hosting;

namespace Kagi.Identity;

/// <summary>Holds the newest <see cref="MaximumNotices"/> notices others left for one user; a leaf of the call graph.</summary>
public sealed class UserNoticeBoxGrain(
    [PersistentState("notices", KagiStorage.GrainState)] IPersistentState<UserNoticeBoxState> state) : TenantScopedGrain, IUserNoticeBoxGrain
{
    public const int MaximumNotices = 20;

    public async Task AddAsync(Caller caller, UserNotice notice)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(notice);
        state.State = state.State with { Notices = [.. Current.Prepend(notice).Take(MaximumNotices)] };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<UserNotice>> ListAsync(Caller caller)
    {
        EnsureSystem(caller);
        return Task.FromResult(Current);
    }

    private ImmutableArray<UserNotice> Current => state.State.Notices.IsDefault ? [] : state.State.Notices;
}
