using Kagi.Domain.Inventory;

namespace Kagi.Vault;

/// <summary>
/// Earlier versions kept the whole inventory in this grain's state. On activation whatever is still
/// there is written as rows, then the state is stored emptied (its members and their ids stay, so old
/// rows still read). Rows are upserts, so a crash between the two steps only repeats the copy; if a
/// write fails, activation fails and so does every call, rather than answer from half an inventory.
/// </summary>
public sealed partial class TenantInventoryGrain
{
    private async Task MigrateAsync()
    {
        var old = state.State;
        if (old.Accounts.IsEmpty && old.Users.IsEmpty && old.Directory.IsEmpty && old.Delegations.IsEmpty && old.Targets.IsEmpty)
        {
            return;
        }

        foreach (var (id, status) in old.Accounts)
        {
            var location = old.Locations.GetValueOrDefault(id);
            // Leases were not part of the old shape; the account's next report (or a rebuild) adds them.
            await store.PutAccountAsync(TenantId, new AccountSummary(id, status) { TargetId = location?.TargetId, Username = location?.Username });
        }

        foreach (var username in old.Users.Keys.Union(old.Directory.Keys, StringComparer.Ordinal))
        {
            var roles = old.Users.TryGetValue(username, out var known) ? known : old.Directory[username].Roles;
            var entry = old.Directory.TryGetValue(username, out var listed) ? listed with { Roles = roles, Delegation = null } : DirectoryEntries.Bare(username, roles);
            await store.PutUserAsync(TenantId, entry, []);
        }

        foreach (var (username, delegation) in old.Delegations)
        {
            await store.PutDelegationAsync(TenantId, username, delegation);
        }

        foreach (var target in old.Targets)
        {
            await store.PutTargetAsync(TenantId, target);
        }

        state.State = new TenantInventoryState();
        await state.WriteStateAsync();
    }
}
