using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using Kagi.Domain.Inventory;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Vault;

namespace Kagi.Inventory;

/// <summary>
/// The tenants' inventories in one Azure table: partition = tenant, row keys from <see cref="InventoryKeys"/>.
/// A change and its copies (an account under its target, a user under each group) are one transaction
/// in the partition, so a listing never sees half of a change; a failed write throws to the caller.
/// </summary>
public sealed class InventoryStore(TableServiceClient tables)
{
    /// <summary>Azure Table storage's limit of actions in one transaction.</summary>
    private const int MaximumBatch = 100;

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.InventoryTable);
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.InventoryTable).CreateIfNotExistsAsync());

    public async Task PutAccountAsync(string tenantId, AccountSummary account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var rows = new List<TableTransactionAction> { Upsert(InventoryRows.Account(tenantId, InventoryKeys.Accounts + account.Id, account)) };
        if (account.TargetId is { } target)
        {
            rows.Add(Upsert(InventoryRows.Account(tenantId, InventoryKeys.AccountsOnTarget(target) + account.Id, account)));
        }

        await SubmitAsync(rows);
    }

    public async Task<AccountSummary?> GetAccountAsync(string tenantId, string accountId)
    {
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, InventoryKeys.Accounts + accountId);
        return row.HasValue ? InventoryRows.ToAccount(row.Value!) : null;
    }

    public async Task DeleteAccountAsync(string tenantId, AccountSummary account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var rows = new List<TableTransactionAction> { Delete(tenantId, InventoryKeys.Accounts + account.Id) };
        if (account.TargetId is { } target)
        {
            rows.Add(Delete(tenantId, InventoryKeys.AccountsOnTarget(target) + account.Id));
        }

        await SubmitAsync(rows);
    }

    /// <summary>Accounts matching <paramref name="query"/> after <paramref name="afterId"/>; up to <paramref name="limit"/> + 1, so the caller sees whether more follow.</summary>
    public Task<List<AccountSummary>> QueryAccountsAsync(string tenantId, AccountQuery query, string? afterId, int limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var collection = query.TargetId is { } target ? InventoryKeys.AccountsOnTarget(target) : InventoryKeys.Accounts;
        var filters = new List<string>();
        if (query.Status is { } status)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status}"));
        }

        if (query.CheckedOut is { } held)
        {
            filters.Add(held ? TableClient.CreateQueryFilter($"CheckedOutUntil gt {now}") : TableClient.CreateQueryFilter($"CheckedOutUntil le {now}"));
        }

        return QueryAsync(tenantId, InventoryKeys.Range(collection, query.NamePrefix, afterId), filters, limit + 1, InventoryRows.ToAccount);
    }

    /// <summary>Writes a user's row and its copy under each group, removing the copies under groups they left.</summary>
    public async Task PutUserAsync(string tenantId, DirectoryEntry entry, ImmutableArray<string> previousGroups)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var groups = entry.Groups.IsDefault ? [] : entry.Groups;
        var left = previousGroups.IsDefault ? [] : previousGroups.Except(groups, StringComparer.Ordinal).ToList();
        var writes = new List<TableTransactionAction> { Upsert(InventoryRows.User(tenantId, InventoryKeys.Users + entry.Username, entry)) };
        writes.AddRange(groups.Select(group => Upsert(InventoryRows.User(tenantId, InventoryKeys.UsersInGroup(group) + entry.Username, entry))));
        var removals = left.Select(group => Delete(tenantId, InventoryKeys.UsersInGroup(group) + entry.Username)).ToList();
        if (writes.Count + removals.Count <= MaximumBatch)
        {
            await SubmitAsync([.. removals, .. writes]);
            return;
        }

        // Only when a user swaps nearly all of 50 groups at once: leaving the old groups first means a
        // failure in between shows them in fewer groups, never in a group they left.
        await SubmitAsync(removals);
        await SubmitAsync(writes);
    }

    /// <summary>Every user of the tenant with their delegation.</summary>
    public async Task<ImmutableSortedDictionary<string, DirectoryEntry>> ReadDirectoryAsync(string tenantId)
    {
        var users = await QueryAsync(tenantId, InventoryKeys.Range(InventoryKeys.Users, null, null), [], int.MaxValue, InventoryRows.ToUser);
        var delegations = await QueryAsync(tenantId, InventoryKeys.Range(InventoryKeys.Delegations, null, null), [],
            int.MaxValue, row => (Username: InventoryKeys.IdOf(InventoryKeys.Delegations, row.RowKey), Delegation: InventoryRows.ToDelegation(row)));
        var byUser = delegations.ToDictionary(d => d.Username, d => d.Delegation, StringComparer.Ordinal);
        return users.ToImmutableSortedDictionary(u => u.Username, u => u with { Delegation = byUser.GetValueOrDefault(u.Username) }, StringComparer.Ordinal);
    }

    /// <summary>Users matching <paramref name="query"/> after <paramref name="afterUsername"/>; up to <paramref name="limit"/> + 1.</summary>
    public Task<List<DirectoryEntry>> QueryUsersAsync(string tenantId, UserQuery query, string? afterUsername, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        var collection = query.Group is { } group ? InventoryKeys.UsersInGroup(group) : InventoryKeys.Users;
        var filters = new List<string>();
        if (query.Role is { } role)
        {
            // The property name comes from the fixed role list only, never from the caller's text.
            var known = KagiRoles.All.FirstOrDefault(r => r == role) ?? throw new ArgumentException($"Unknown role '{role}'.", nameof(query));
            filters.Add($"{InventoryRows.RoleProperty(known)} eq true");
        }

        if (query.Status is { } status)
        {
            filters.Add(TableClient.CreateQueryFilter($"Disabled eq {status == UserQuery.Disabled}"));
        }

        return QueryAsync(tenantId, InventoryKeys.Range(collection, query.NamePrefix, afterUsername), filters, limit + 1, InventoryRows.ToUser);
    }

    public async Task PutDelegationAsync(string tenantId, string username, Delegation? delegation)
    {
        await _created.Value;
        if (delegation is null)
        {
            try
            {
                await _table.DeleteEntityAsync(tenantId, InventoryKeys.Delegations + username);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Ending a delegation that is not there leaves what was asked for.
            }
        }
        else
        {
            await _table.UpsertEntityAsync(InventoryRows.Delegation(tenantId, username, delegation), TableUpdateMode.Replace);
        }
    }

    /// <summary>Removes a user's row and its copies under their groups (rows already gone are no error).</summary>
    public async Task DeleteUserAsync(string tenantId, DirectoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var groups = entry.Groups.IsDefault ? [] : entry.Groups;
        foreach (var key in groups.Select(InventoryKeys.UsersInGroup).Append(InventoryKeys.Users).Select(prefix => prefix + entry.Username))
        {
            await DeleteIfPresentAsync(tenantId, key);
        }
    }

    public async Task DeleteTargetAsync(string tenantId, string targetId) =>
        await DeleteIfPresentAsync(tenantId, InventoryKeys.Targets + targetId);

    public async Task<Delegation?> GetDelegationAsync(string tenantId, string username)
    {
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, InventoryKeys.Delegations + username);
        return row.HasValue ? InventoryRows.ToDelegation(row.Value!) : null;
    }

    public async Task PutTargetAsync(string tenantId, string targetId)
    {
        await _created.Value;
        await _table.UpsertEntityAsync(InventoryRows.Target(tenantId, targetId), TableUpdateMode.Replace);
    }

    /// <summary>Target ids after <paramref name="afterId"/>; up to <paramref name="limit"/> + 1.</summary>
    public Task<List<string>> QueryTargetsAsync(string tenantId, string? afterId, int limit) =>
        QueryAsync(tenantId, InventoryKeys.Range(InventoryKeys.Targets, null, afterId), [], limit == int.MaxValue ? limit : limit + 1,
            row => InventoryKeys.IdOf(InventoryKeys.Targets, row.RowKey));

    /// <summary>Deletes every row of the tenant but its delegations, in transactions of up to 100 rows.</summary>
    public async Task ClearIndexAsync(string tenantId)
    {
        await _created.Value;
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), select: ["RowKey"]))
        {
            if (!row.RowKey.StartsWith(InventoryKeys.Delegations, StringComparison.Ordinal))
            {
                keys.Add(row.RowKey);
            }
        }

        foreach (var chunk in keys.Chunk(MaximumBatch))
        {
            await SubmitAsync([.. chunk.Select(key => Delete(tenantId, key))]);
        }
    }

    private async Task<List<T>> QueryAsync<T>(string tenantId, KeyRange range, List<string> filters, int take, Func<TableEntity, T> read)
    {
        await _created.Value;
        var from = range.Inclusive ? TableClient.CreateQueryFilter($"RowKey ge {range.From}") : TableClient.CreateQueryFilter($"RowKey gt {range.From}");
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), from, TableClient.CreateQueryFilter($"RowKey lt {range.Before}") };
        parts.AddRange(filters);
        var filter = string.Join(" and ", parts);
        var found = new List<T>();
        if (take <= 0)
        {
            return found;
        }

        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000)))
        {
            found.Add(read(row));
            if (found.Count == take)
            {
                break;
            }
        }

        return found;
    }

    private async Task DeleteIfPresentAsync(string tenantId, string rowKey)
    {
        await _created.Value;
        try
        {
            await _table.DeleteEntityAsync(tenantId, rowKey);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Removing what is not there leaves what was asked for.
        }
    }

    private async Task SubmitAsync(List<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            return;
        }

        await _created.Value;
        await _table.SubmitTransactionAsync(actions);
    }

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static TableTransactionAction Delete(string tenantId, string rowKey) => new(TableTransactionActionType.Delete, new TableEntity(tenantId, rowKey), ETag.All);
}
