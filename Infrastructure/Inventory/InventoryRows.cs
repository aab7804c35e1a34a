using System.Collections.Immutable;
using Azure.Data.Tables;
using Kagi.Domain.Inventory;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Vault;

namespace Kagi.Inventory;

/// <summary>How accounts, users, delegations and targets are written as table rows and read back.</summary>
internal static class InventoryRows
{
    /// <summary>Stands for "nobody holds it", so "not checked out" is a plain comparison on the server.</summary>
    public static readonly DateTimeOffset NotHeld = DateTimeOffset.UnixEpoch;

    private const char ListSeparator = ',';

    public static string RoleProperty(string role) => "Role_" + role;

    public static TableEntity Account(string tenantId, string rowKey, AccountSummary account) => new(tenantId, rowKey)
    {
        ["Id"] = account.Id,
        ["Status"] = account.Status,
        ["TargetId"] = account.TargetId ?? "",
        ["Username"] = account.Username ?? "",
        ["CheckedOutUntil"] = account.CheckedOutUntil ?? NotHeld,
    };

    public static AccountSummary ToAccount(TableEntity row)
    {
        var until = row.GetDateTimeOffset("CheckedOutUntil");
        return new AccountSummary(row.GetString("Id"), row.GetString("Status"))
        {
            TargetId = Text(row.GetString("TargetId")),
            Username = Text(row.GetString("Username")),
            CheckedOutUntil = until is { } u && u > NotHeld ? u : null,
        };
    }

    public static TableEntity User(string tenantId, string rowKey, DirectoryEntry entry)
    {
        var row = new TableEntity(tenantId, rowKey)
        {
            ["Username"] = entry.Username,
            ["Roles"] = Join(entry.Roles),
            ["Email"] = entry.Email ?? "",
            ["Locale"] = entry.Locale,
            ["Groups"] = Join(entry.Groups),
            ["Disabled"] = entry.Disabled,
        };
        foreach (var role in KagiRoles.All)
        {
            row[RoleProperty(role)] = !entry.Roles.IsDefault && entry.Roles.Contains(role);
        }

        return row;
    }

    public static DirectoryEntry ToUser(TableEntity row) =>
        new(row.GetString("Username"), Split(row.GetString("Roles")), Text(row.GetString("Email")),
            row.GetString("Locale") ?? DirectoryEntry.DefaultLocale, Split(row.GetString("Groups")), row.GetBoolean("Disabled") ?? false);

    public static TableEntity Delegation(string tenantId, string username, Delegation delegation) => new(tenantId, InventoryKeys.Delegations + username)
    {
        ["To"] = delegation.To,
        ["From"] = delegation.From,
        ["Until"] = delegation.Until,
    };

    public static Delegation ToDelegation(TableEntity row) =>
        new(row.GetString("To"), row.GetDateTimeOffset("From") ?? default, row.GetDateTimeOffset("Until") ?? default);

    public static TableEntity Target(string tenantId, string targetId) => new(tenantId, InventoryKeys.Targets + targetId) { ["Id"] = targetId };

    private static string Join(ImmutableArray<string> values) => values.IsDefaultOrEmpty ? "" : string.Join(ListSeparator, values);

    private static ImmutableArray<string> Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : [.. joined.Split(ListSeparator)];

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
