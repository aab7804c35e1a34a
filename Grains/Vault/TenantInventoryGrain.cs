using System.Collections.Immutable;
using Kagi.Domain.Inventory;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Domain.Identity;
using Kagi.Identity;
using Kagi.Inventory;
using Kagi.Requests;

namespace Kagi.Vault;

/// <summary>
/// The tenant's inventory as rows of <see cref="InventoryStore"/>; this grain is their one writer, so
/// it can keep the user directory (which approvals and notifications read whole) in memory, changed
/// only after a write succeeded. Its own state is only the shape of earlier versions, migrated to rows
/// on the first activation (TenantInventoryGrain.Migration.cs).
/// </summary>
public sealed partial class TenantInventoryGrain(
    [PersistentState("inventory", KagiStorage.GrainState)] IPersistentState<TenantInventoryState> state,
    InventoryStore store,
    VaultClock time) : Grain, ITenantInventoryGrain
{
    public const int MaximumPageSize = 500;

    private ImmutableSortedDictionary<string, DirectoryEntry>? _directory;

    /// <summary>The snapshot handed out last, and the directory it was made of: a new one is made only after a change.</summary>
    private (ImmutableSortedDictionary<string, DirectoryEntry> Of, TenantDirectory Snapshot)? _snapshot;

    private string TenantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public Task ReportAccountAsync(Caller caller, AccountSummary account)
    {
        EnsureTenant(caller);
        ArgumentNullException.ThrowIfNull(account);
        return store.PutAccountAsync(TenantId, account);
    }

    public async Task<ImmutableDictionary<string, string>> ListAccountsOnTargetAsync(Caller caller, string targetId)
    {
        EnsureTenant(caller);
        var accounts = await store.QueryAccountsAsync(TenantId, new AccountQuery { TargetId = targetId }, null, int.MaxValue - 1, time.GetUtcNow());
        return accounts.ToImmutableDictionary(a => a.Id, a => a.Username ?? "", StringComparer.Ordinal);
    }

    public async Task RemoveAccountAsync(Caller caller, string accountId)
    {
        EnsureTenant(caller);
        if (await store.GetAccountAsync(TenantId, accountId) is { } account)
        {
            await store.DeleteAccountAsync(TenantId, account);
        }
    }

    public async Task<AccountPage> ListAccountsAsync(Caller caller, AccountQuery query, string? afterId, int limit)
    {
        EnsureTenant(caller);
        var size = Math.Clamp(limit, 1, MaximumPageSize);
        var found = await store.QueryAccountsAsync(TenantId, query, afterId, size, time.GetUtcNow());
        var page = found.Take(size).ToImmutableArray();
        return new AccountPage(page, found.Count > size ? page[^1].Id : null);
    }

    public async Task ReportDirectoryEntryAsync(Caller caller, DirectoryEntry entry)
    {
        EnsureTenant(caller);
        ArgumentNullException.ThrowIfNull(entry);
        var known = (await DirectoryAsync()).GetValueOrDefault(entry.Username);
        // A user new to the directory may still have a delegation: a rebuild empties the users, never the delegations.
        var delegation = known is null ? await store.GetDelegationAsync(TenantId, entry.Username) : known.Delegation;
        await PutUserAsync(entry with { Delegation = delegation }, known);
    }

    public async Task ChangeUserAsync(Caller caller, string username, DirectoryEntry? entry)
    {
        EnsureTenant(caller);
        var directory = await DirectoryAsync();
        var before = directory.GetValueOrDefault(username);
        if (before is not null)
        {
            AdminSeats.EnsureAnotherRemains(directory.Values, before, entry);
        }

        if (entry is not null)
        {
            await PutUserAsync(entry with { Delegation = before?.Delegation }, before);
            return;
        }

        // Offboarding: the user, and every delegation by or to them, leave the inventory.
        foreach (var delegator in directory.Values.Where(user => user.Username == username || user.Delegation?.To == username).Select(user => user.Username).ToList())
        {
            await store.PutDelegationAsync(TenantId, delegator, null);
            directory = directory.SetItem(delegator, directory[delegator] with { Delegation = null });
        }

        if (before is not null)
        {
            await store.DeleteUserAsync(TenantId, before);
        }

        _directory = directory.Remove(username);
    }

    public async Task<ImmutableArray<string>> ListUsersInRoleAsync(Caller caller, string role)
    {
        EnsureTenant(caller);
        return [.. (await DirectoryAsync()).Values.Where(u => !u.Roles.IsDefault && u.Roles.Contains(role)).Select(u => u.Username)];
    }

    public async Task<bool> HasUserAsync(Caller caller, string username)
    {
        EnsureTenant(caller);
        return (await DirectoryAsync()).ContainsKey(username);
    }

    public async Task<ImmutableArray<DirectoryEntry>> GetDirectoryAsync(Caller caller) => (await GetDirectorySnapshotAsync(caller)).Entries;

    public async Task<TenantDirectory> GetDirectorySnapshotAsync(Caller caller)
    {
        EnsureTenant(caller);
        var directory = await DirectoryAsync();
        if (_snapshot is not { } made || !ReferenceEquals(made.Of, directory))
        {
            made = (directory, TenantDirectory.Of(directory.Values));
            _snapshot = made;
        }

        return made.Snapshot;
    }

    public async Task<UserPage> ListUsersAsync(Caller caller, UserQuery query, string? afterUsername, int limit)
    {
        EnsureTenant(caller);
        ArgumentNullException.ThrowIfNull(query);
        if (query.Role is { } role && !KagiRoles.All.Contains(role))
        {
            throw new KagiException(ProblemCode.Invalid, $"Unknown role '{role}'.");
        }

        var size = Math.Clamp(limit, 1, MaximumPageSize);
        var found = await store.QueryUsersAsync(TenantId, query, afterUsername, size);
        var directory = await DirectoryAsync();
        var page = found.Take(size).Select(u => u with { Delegation = directory.GetValueOrDefault(u.Username)?.Delegation }).ToImmutableArray();
        return new UserPage(page, found.Count > size ? page[^1].Username : null);
    }

    public async Task SetDelegationAsync(Caller caller, string username, Delegation? delegation)
    {
        EnsureTenant(caller);
        DelegationRules.EnsureMaySet(caller, username);
        var directory = await DirectoryAsync();
        var known = directory.GetValueOrDefault(username) ?? throw new KagiException(ProblemCode.NotFound, $"User '{username}' was not found.");
        if (delegation is not null)
        {
            DelegationRules.Validate(username, delegation, directory.ContainsKey(delegation.To));
        }

        await store.PutDelegationAsync(TenantId, username, delegation);
        _directory = directory.SetItem(username, known with { Delegation = delegation });
    }

    public Task AddTargetAsync(Caller caller, string targetId)
    {
        EnsureTenant(caller);
        return store.PutTargetAsync(TenantId, targetId);
    }

    public Task RemoveTargetAsync(Caller caller, string targetId)
    {
        EnsureTenant(caller);
        return store.DeleteTargetAsync(TenantId, targetId);
    }

    public async Task<ImmutableArray<string>> ListTargetsAsync(Caller caller)
    {
        EnsureTenant(caller);
        return [.. await store.QueryTargetsAsync(TenantId, null, int.MaxValue)];
    }

    public async Task<TargetPage> ListTargetPageAsync(Caller caller, string? afterId, int limit)
    {
        EnsureTenant(caller);
        var size = Math.Clamp(limit, 1, MaximumPageSize);
        var found = await store.QueryTargetsAsync(TenantId, afterId, size);
        var page = found.Take(size).ToImmutableArray();
        return new TargetPage(page, found.Count > size ? page[^1] : null);
    }

    public async Task ClearAsync(Caller caller)
    {
        EnsureTenant(caller);
        if (!caller.IsSystem)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only Kagi itself may do this.");
        }

        _directory = null;
        await store.ClearIndexAsync(TenantId);
    }

    /// <summary>Writes a user's rows unless they say what is stored already.</summary>
    private async Task PutUserAsync(DirectoryEntry entry, DirectoryEntry? known)
    {
        if (DirectoryEntries.Same(entry, known))
        {
            return;
        }

        var directory = await DirectoryAsync();
        await store.PutUserAsync(TenantId, entry, known?.Groups ?? []);
        _directory = directory.SetItem(entry.Username, entry);
    }

    private async Task<ImmutableSortedDictionary<string, DirectoryEntry>> DirectoryAsync() =>
        _directory ??= await store.ReadDirectoryAsync(TenantId);

    private void EnsureTenant(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
    }
}
