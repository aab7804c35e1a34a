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

    /// <summary>How a one-time template names itself to the inventory: its prefix and this suffix.
    /// Target accounts with that prefix are the template's own, not unmanaged; the template is never missing.</summary>
    public const string OneTimeSuffix = "_*";

    public static string OneTimePattern(string prefix) => prefix + OneTimeSuffix;

    /// <param name="onTarget">Accounts the target lists.</param>
    /// <param name="managed">Vault account id → username on this target.</param>
    public static ImmutableArray<DiscoveredEntry> Compare(IEnumerable<TargetAccount> onTarget, IReadOnlyDictionary<string, string> managed)
    {
        ArgumentNullException.ThrowIfNull(onTarget);
        ArgumentNullException.ThrowIfNull(managed);
        var templates = managed.Where(pair => pair.Value.EndsWith(OneTimeSuffix, StringComparison.Ordinal))
            .Select(pair => (Id: pair.Key, Prefix: pair.Value[..^1])).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        var exact = managed.Where(pair => !pair.Value.EndsWith(OneTimeSuffix, StringComparison.Ordinal)).ToList();
        var byUsername = exact.ToLookup(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<DiscoveredEntry>();
        foreach (var account in onTarget)
        {
            seen.Add(account.Username);
            var ids = byUsername[account.Username].Order(StringComparer.Ordinal).ToList();
            if (ids.Count == 0 && templates.FirstOrDefault(t => account.Username.StartsWith(t.Prefix, StringComparison.Ordinal)) is { Id: not null } template)
            {
                ids.Add(template.Id);
            }

            entries.Add(new DiscoveredEntry(account.Username, ids.FirstOrDefault(), ids.Count > 0 ? Managed : Unmanaged, account.CanLogIn, account.Detail));
        }

        entries.AddRange(exact.Where(pair => !seen.Contains(pair.Value))
            .Select(pair => new DiscoveredEntry(pair.Value, pair.Key, Missing, false, null)));
        return [.. entries.OrderBy(e => e.Status, StringComparer.Ordinal).ThenBy(e => e.Username, StringComparer.Ordinal)];
    }
}
