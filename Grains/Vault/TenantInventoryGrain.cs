using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Domain.Requests;
using Kagi.Identity;
using Kagi.Requests;

namespace Kagi.Vault;

public sealed class TenantInventoryGrain(
    [PersistentState("inventory", KagiStorage.GrainState)] IPersistentState<TenantInventoryState> state) : Grain, ITenantInventoryGrain
{
    public const int MaximumPageSize = 500;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task ReportAccountAsync(Caller caller, string accountId, string status, string targetId, string username)
    {
        EnsureTenant(caller);
        var location = new AccountLocation(targetId, username);
        if (state.State.Accounts.TryGetValue(accountId, out var known) && known == status
            && state.State.Locations.TryGetValue(accountId, out var where) && where == location)
        {
            return;
        }

        state.State = state.State with
        {
            Accounts = state.State.Accounts.SetItem(accountId, status),
            Locations = state.State.Locations.SetItem(accountId, location),
        };
        await state.WriteStateAsync();
    }

    public Task<ImmutableDictionary<string, string>> ListAccountsOnTargetAsync(Caller caller, string targetId)
    {
        EnsureTenant(caller);
        return Task.FromResult(state.State.Locations.Where(pair => pair.Value.TargetId == targetId)
            .ToImmutableDictionary(pair => pair.Key, pair => pair.Value.Username, StringComparer.Ordinal));
    }

    public async Task RemoveAccountAsync(Caller caller, string accountId)
    {
        EnsureTenant(caller);
        if (state.State.Accounts.ContainsKey(accountId))
        {
            state.State = state.State with { Accounts = state.State.Accounts.Remove(accountId), Locations = state.State.Locations.Remove(accountId) };
            await state.WriteStateAsync();
        }
    }

    public async Task ReportDirectoryEntryAsync(Caller caller, DirectoryEntry entry)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(entry);
        if (state.State.Directory.TryGetValue(entry.Username, out var known) && known == entry
            && state.State.Users.TryGetValue(entry.Username, out var roles) && roles.SequenceEqual(entry.Roles))
        {
            return;
        }

        state.State = state.State with
        {
            Users = state.State.Users.SetItem(entry.Username, entry.Roles),
            Directory = state.State.Directory.SetItem(entry.Username, entry),
        };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> ListUsersInRoleAsync(Caller caller, string role)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(state.State.Users.Where(pair => pair.Value.Contains(role)).Select(pair => pair.Key).ToImmutableArray());
    }

    public Task<bool> HasUserAsync(Caller caller, string username)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(state.State.Users.ContainsKey(username));
    }

    public Task<ImmutableArray<DirectoryEntry>> GetDirectoryAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(state.State.Users
            .Select(pair => (state.State.Directory.TryGetValue(pair.Key, out var entry) ? entry with { Roles = pair.Value }
                : new DirectoryEntry(pair.Key, pair.Value, null, DirectoryEntry.DefaultLocale, [], Disabled: false))
                with { Delegation = state.State.Delegations.GetValueOrDefault(pair.Key) })
            .ToImmutableArray());
    }

    public async Task SetDelegationAsync(Caller caller, string username, Delegation? delegation)
    {
        TenantGuard.Ensure(caller, TenantId);
        DelegationRules.EnsureMaySet(caller, username);
        if (!state.State.Users.ContainsKey(username))
        {
            throw new KagiException(ProblemCode.NotFound, $"User '{username}' was not found.");
        }

        if (delegation is not null)
        {
            DelegationRules.Validate(username, delegation, state.State.Users.ContainsKey(delegation.To));
        }

        state.State = state.State with
        {
            Delegations = delegation is null ? state.State.Delegations.Remove(username) : state.State.Delegations.SetItem(username, delegation),
        };
        await state.WriteStateAsync();
    }

    public async Task AddTargetAsync(Caller caller, string targetId)
    {
        EnsureTenant(caller);
        if (!state.State.Targets.Contains(targetId))
        {
            state.State = state.State with { Targets = state.State.Targets.Add(targetId) };
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> ListTargetsAsync(Caller caller)
    {
        EnsureTenant(caller);
        return Task.FromResult(state.State.Targets.ToImmutableArray());
    }

    public Task<AccountPage> ListAccountsAsync(Caller caller, string? status, string? afterId, int limit)
    {
        EnsureTenant(caller);
        var size = Math.Clamp(limit, 1, MaximumPageSize);
        var matching = state.State.Accounts
            .Where(pair => afterId is null || string.CompareOrdinal(pair.Key, afterId) > 0)
            .Where(pair => status is null || pair.Value == status)
            .Take(size + 1)
            .Select(pair => new AccountSummary(pair.Key, pair.Value))
            .ToList();
        var more = matching.Count > size;
        var page = matching.Take(size).ToList();
        return Task.FromResult(new AccountPage([.. page], more ? page[^1].Id : null));
    }

    private void EnsureTenant(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
    }
}
