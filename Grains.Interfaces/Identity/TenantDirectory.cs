using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>
/// Every user of a tenant as others may see them, as of one change of the tenant's inventory. It is immutable, so
/// a call inside one silo hands over the inventory's own instance (Orleans copies nothing), and its lookups (by name,
/// by role, by group, by delegate) are built once per snapshot, not once per call: finding an approver set's members or
/// a notification's addresses then costs what the answer holds, whether the tenant has fifty users or ten thousand.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.TenantDirectory")]
public sealed class TenantDirectory
{
    [NonSerialized]
    private Lookups? _lookups;

    public static TenantDirectory Empty { get; } = new();

    [Id(0)]
    public ImmutableArray<DirectoryEntry> Entries { get; init; } = [];

    /// <summary>Each user by name.</summary>
    public IReadOnlyDictionary<string, DirectoryEntry> ByUsername => Built.ByUsername;

    /// <summary>The users holding <paramref name="role"/> (disabled ones too), in name order.</summary>
    public ImmutableArray<string> InRole(string role) => Built.ByRole.GetValueOrDefault(role, []);

    /// <summary>The users in <paramref name="group"/> (disabled ones too), in name order.</summary>
    public ImmutableArray<string> InGroup(string group) => Built.ByGroup.GetValueOrDefault(group, []);

    /// <summary>The users who name <paramref name="delegate"/> in a delegation, active or not, in name order.</summary>
    public ImmutableArray<string> DelegatingTo(string @delegate) => Built.ByDelegate.GetValueOrDefault(@delegate, []);

    public static TenantDirectory Of(IEnumerable<DirectoryEntry> entries) => new() { Entries = [.. entries] };

    /// <summary>Built on first use; two threads building at once build the same lookups, and either may be kept.</summary>
    private Lookups Built => _lookups ??= new Lookups(Entries.IsDefault ? [] : Entries);

    private sealed class Lookups(ImmutableArray<DirectoryEntry> entries)
    {
        public FrozenDictionary<string, DirectoryEntry> ByUsername { get; } = entries.ToFrozenDictionary(e => e.Username, StringComparer.Ordinal);

        public FrozenDictionary<string, ImmutableArray<string>> ByRole { get; } =
            Index(entries.SelectMany(e => (e.Roles.IsDefault ? [] : e.Roles).Select(role => (role, e.Username))));

        public FrozenDictionary<string, ImmutableArray<string>> ByGroup { get; } =
            Index(entries.SelectMany(e => (e.Groups.IsDefault ? [] : e.Groups).Select(group => (group, e.Username))));

        public FrozenDictionary<string, ImmutableArray<string>> ByDelegate { get; } =
            Index(entries.Where(e => e.Delegation is not null).Select(e => (e.Delegation!.To, e.Username)));

        private static FrozenDictionary<string, ImmutableArray<string>> Index(IEnumerable<(string Key, string Username)> pairs) =>
            pairs.GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Username).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);
    }
}
