using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Errors;

namespace Kagi.Identity;

/// <summary>What an admin changes about who a user is to the tenant: roles and groups, enabling, offboarding.
/// Each change that may take away an admin is first claimed at the inventory (<see cref="AdminSeats"/>).</summary>
public sealed partial class UserGrain
{
    public async Task<UserInfo> SetRolesAsync(Caller caller, ImmutableArray<string> roles, ImmutableArray<string>? groups)
    {
        EnsureAdmin(caller);
        if (roles.IsDefaultOrEmpty || roles.Any(role => !KagiRoles.All.Contains(role)))
        {
            throw new KagiException(ProblemCode.Invalid, $"Roles must be some of: {string.Join(", ", KagiRoles.All)}.");
        }

        if (groups is { } newGroups && ProfileRules.Problem(null, null, newGroups) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        var sorted = roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var changed = state.State with
        {
            Roles = sorted,
            Groups = groups is { } given ? ProfileRules.NormalizeGroups(given) : state.State.Groups,
        };
        await ClaimDirectoryChangeAsync(DirectoryEntryOf(changed));

        // Sessions and tokens carry the roles they were made with: a role taken away must not live on in them.
        var ending = ImmutableArray<string>.Empty;
        if (state.State.Roles.Except(sorted, StringComparer.Ordinal).Any())
        {
            (changed, ending) = WithoutSessionsOrTokens(changed, "An admin took a role away from you", caller.IpAddress);
        }

        state.State = changed;
        await state.WriteStateAsync();
        await EndSessionsAsync(ending);
        return Info();
    }

    public async Task<UserInfo> EnableAsync(Caller caller)
    {
        EnsureAdmin(caller);
        if (state.State.Disabled)
        {
            state.State = state.State with { Disabled = false };
            await state.WriteStateAsync();
            await ReportDirectoryEntryAsync();
        }

        return Info();
    }

    public async Task DeleteAsync(Caller caller)
    {
        if (state.State.Deleted)
        {
            // Idempotent, so the Frontend can be asked again to finish revoking what the user held.
            EnsureCaller(caller);
            return;
        }

        EnsureAdmin(caller);
        await ClaimDirectoryChangeAsync(null);
        var ending = state.State.Sessions.Select(s => s.Key).Concat(state.State.ApiTokens.Select(t => t.SessionKey)).ToList();

        // Only the tombstone stays: no password hash, second factor, tokens or notices outlive the person.
        state.State = new UserState { Deleted = true, DeletedAt = time.GetUtcNow(), CreatedAt = state.State.CreatedAt };
        await state.WriteStateAsync();
        await EndSessionsAsync(ending);
        _unlockTimer?.Dispose();
        _unlockTimer = null;
    }
}
