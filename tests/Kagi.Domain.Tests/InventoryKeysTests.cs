using System.Collections.Immutable;
using Kagi.Domain.Inventory;
using Kagi.Identity;
using Kagi.Requests;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class InventoryKeysTests
{
    private static readonly string[] Ids = ["a", "a-1", "a.b", "a0", "a_z", "ab", "ab@x", "abz", "b", "z9"];

    [Theory]
    [InlineData(null, null)]
    [InlineData("a", null)]
    [InlineData("ab", null)]
    [InlineData(null, "a0")]
    [InlineData("a", "a.b")]
    [InlineData("ab", "a")]
    [InlineData("ab", "b")]
    public void A_range_holds_exactly_the_ids_with_the_prefix_after_the_continuation(string? prefix, string? after)
    {
        var range = InventoryKeys.Range(InventoryKeys.Accounts, prefix, after);
        var keys = Ids.Select(id => InventoryKeys.Accounts + id)
            .Concat(["o|pg|a", "u|a", "a", "b|a"]); // other collections and strays never fall in the range

        var inRange = keys.Where(key => InRange(range, key)).Select(key => InventoryKeys.IdOf(InventoryKeys.Accounts, key));

        var expected = Ids.Where(id => (prefix is null || id.StartsWith(prefix, StringComparison.Ordinal)) && (after is null || string.CompareOrdinal(id, after) > 0));
        Assert.Equal(expected.Order(StringComparer.Ordinal), inRange.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("pg", "pg-2")]
    [InlineData("pg", "pg.x")]
    [InlineData("pg-2", "pg")]
    [InlineData("ops", "ops_x")]
    public void A_target_or_group_collection_never_holds_another_ones_rows(string one, string other)
    {
        Assert.False(InRange(InventoryKeys.Range(InventoryKeys.AccountsOnTarget(one), null, null), InventoryKeys.AccountsOnTarget(other) + "a"));
        Assert.False(InRange(InventoryKeys.Range(InventoryKeys.UsersInGroup(one), null, null), InventoryKeys.UsersInGroup(other) + "alice"));
        Assert.True(InRange(InventoryKeys.Range(InventoryKeys.UsersInGroup(one), null, null), InventoryKeys.UsersInGroup(one) + "alice"));
    }

    private static bool InRange(KeyRange range, string key) =>
        (range.Inclusive ? string.CompareOrdinal(key, range.From) >= 0 : string.CompareOrdinal(key, range.From) > 0)
        && string.CompareOrdinal(key, range.Before) < 0;

    [Fact]
    public void A_row_key_of_another_collection_has_no_id_there() =>
        Assert.Throws<ArgumentException>(() => InventoryKeys.IdOf(InventoryKeys.Users, "a|alice"));

    [Fact]
    public void Entries_with_equal_contents_are_the_same_and_any_change_is_not()
    {
        var entry = new DirectoryEntry("alice", ["admin"], "a@example.com", "ja", ["ops"], Disabled: false);
        var copy = entry with { Roles = ImmutableArray.Create("admin"), Groups = ImmutableArray.Create("ops") };

        Assert.True(DirectoryEntries.Same(entry, copy));
        Assert.False(DirectoryEntries.Same(entry, copy with { Groups = [] }));
        Assert.False(DirectoryEntries.Same(entry, copy with { Disabled = true }));
        Assert.False(DirectoryEntries.Same(entry, copy with { Delegation = new Delegation("bob", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)) }));
        Assert.False(DirectoryEntries.Same(entry, null));
    }
}
