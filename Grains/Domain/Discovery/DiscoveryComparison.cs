using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Domain.Discovery;

/// <summary>
/// Compares what a target holds with what the vault manages there (棚卸): managed (both), unmanaged
/// (on the target only), missing (in the vault, gone from the target).
/// </summary>
public static class DiscoveryComparison
{
    public const string Managed = "managed";
    public const string Unmanaged = "unmanaged";
    public const string Missing = "missing";

    /// <param name="onTarget">Accounts the target lists.</param>
    /// <param name="managed">Vault account id → username on this target.</param>
    public static ImmutableArray<DiscoveredEntry> Compare(IEnumerable<TargetAccount> onTarget, IReadOnlyDictionary<string, string> managed)
    {
        ArgumentNullException.ThrowIfNull(onTarget);
        ArgumentNullException.ThrowIfNull(managed);
        var byUsername = managed.ToLookup(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<DiscoveredEntry>();
        foreach (var account in onTarget)
        {
            seen.Add(account.Username);
            var ids = byUsername[account.Username].Order(StringComparer.Ordinal).ToList();
            entries.Add(new DiscoveredEntry(account.Username, ids.FirstOrDefault(), ids.Count > 0 ? Managed : Unmanaged, account.CanLogIn, account.Detail));
        }

        entries.AddRange(managed.Where(pair => !seen.Contains(pair.Value))
            .Select(pair => new DiscoveredEntry(pair.Value, pair.Key, Missing, false, null)));
        return [.. entries.OrderBy(e => e.Status, StringComparer.Ordinal).ThenBy(e => e.Username, StringComparer.Ordinal)];
    }
}
