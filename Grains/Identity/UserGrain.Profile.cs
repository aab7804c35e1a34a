using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Identity;

/// <summary>Email, locale, groups and time zone, and the directory entry the tenant's inventory keeps of this user.</summary>
public sealed partial class UserGrain
{
    public async Task<UserInfo> SetProfileAsync(Caller caller, UserProfile profile)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(profile);
        var isAdmin = caller.ActsAsAdmin;
        if (!state.State.Exists || (!isAdmin && !string.Equals(caller.Username, LocalId, StringComparison.Ordinal)))
        {
            throw NotFound($"User '{LocalId}'");
        }

        if (ProfileRules.Problem(profile.Email, profile.Locale, profile.Groups, profile.TimeZone) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        if (!isAdmin && ProfileRules.ChangesGroups(profile.Groups, state.State.Groups))
        {
            throw new KagiException(ProblemCode.Forbidden, "Only an admin may change groups.");
        }

        state.State = state.State with
        {
            Email = profile.Email is null ? state.State.Email : profile.Email.Length == 0 ? null : profile.Email,
            Locale = profile.Locale ?? state.State.Locale,
            Groups = profile.Groups is { } groups ? ProfileRules.NormalizeGroups(groups) : state.State.Groups,
            TimeZone = profile.TimeZone ?? state.State.TimeZone,
        };
        await state.WriteStateAsync();
        await ReportDirectoryEntryAsync();
        return Info();
    }

    /// <summary>Tells the tenant's inventory how others may see this user (roles, address, language, groups).</summary>
    private Task ReportDirectoryEntryAsync() =>
        GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ReportDirectoryEntryAsync(Caller.System(TenantId), DirectoryEntryOf(state.State));

    /// <summary>Before a change that may take away an admin (roles, disable, delete: <paramref name="entry"/> null) the
    /// inventory, which sees every user, records it or refuses it as leaving no enabled admin. Asked first, so a refusal
    /// changes nothing; should this grain fail to store the change afterwards, the inventory counts one admin fewer than
    /// there are (it refuses more, never less) until the user is reported again.</summary>
    private Task ClaimDirectoryChangeAsync(DirectoryEntry? entry) =>
        GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ChangeUserAsync(Caller.System(TenantId), LocalId, entry);

    private DirectoryEntry DirectoryEntryOf(UserState user) =>
        new(LocalId, user.Roles, user.Email, user.Locale, user.Groups, user.Disabled);
}
