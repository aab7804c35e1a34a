using System.Reflection;
using Kagi.Hosting;
using Orleans.Storage;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

/// <summary>
/// No two distinct accepted identifiers map to one stored row. Orleans' Azure table storage keys a
/// grain's row by <c>{serviceId}_{grainType}/{grainKey}</c> passed through its own sanitiser, which
/// maps <c>/ \ # ?</c> to <c>_</c>; these tests call that sanitiser itself (by reflection, it is
/// internal), not a copy of it.
/// </summary>
public sealed class StorageKeyUniquenessTests
{
    private const string ServiceId = "kagi";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@/\\#?_ \n\t%+é";
    private const string TenantAlphabet = "abcdeABCDE0123-_./#?\n";

    private static readonly Func<string, string> Sanitize = FindSanitizer();
    private static readonly string[] IssueAliases = ["eve_x", "eve#x", "eve/x", "eve?x", "eve\\x"];

    private static string StorageKey(string grainType, string grainKey) =>
        Sanitize($"{ServiceId}_{GrainId.Create(grainType, grainKey)}");

    [Fact]
    public void The_sanitizer_under_test_is_orleans_own_and_merges_the_aliases_of_the_issue()
    {
        // The reason for the rule: without it these five names are one stored row.
        var rows = IssueAliases.Select(name => StorageKey("user", "acme/" + name)).Distinct().ToList();
        Assert.Single(rows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Distinct_accepted_identifiers_never_share_a_stored_row(int seed)
    {
        var random = new Random(seed);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var accepted = 0;
        for (var i = 0; i < 40_000; i++)
        {
            // Raw input as a caller could send it, through the one rule; only what it accepts becomes a key.
            if (Identifiers.CanonicalizeTenant(RandomText(random, TenantAlphabet, 1, 6)) is not { } tenant
                || Identifiers.Canonicalize(RandomText(random, IdAlphabet, 1, 8)) is not { } id)
            {
                continue;
            }

            accepted++;
            var grainKey = GrainKeys.For(tenant, id);
            var row = StorageKey("user", grainKey);
            if (keys.TryGetValue(row, out var earlier))
            {
                Assert.Equal(earlier, grainKey);
            }
            else
            {
                keys[row] = grainKey;
            }

            // Tenant-wide grains are keyed by the tenant alone; they never meet a tenant/id row either.
            var tenantRow = StorageKey("user", tenant);
            if (keys.TryGetValue(tenantRow, out var other))
            {
                Assert.Equal(other, tenant);
            }
            else
            {
                keys[tenantRow] = tenant;
            }
        }

        Assert.True(accepted > 5_000, $"only {accepted} generated identifiers were accepted; the walk proves too little.");
    }

    [Fact]
    public void Names_built_to_collide_after_the_first_separator_stay_apart()
    {
        // The tenant holds no '_', so the first '_' after the type is always the tenant's end.
        var pairs = new[] { ("a", "b_c"), ("a-b", "c"), ("ab", "c"), ("a", "bc") };
        var rows = pairs.Select(p => StorageKey("user", GrainKeys.For(p.Item1, p.Item2))).ToList();
        Assert.Equal(rows.Count, rows.Distinct().Count());
    }

    [Fact]
    public void Kagis_own_row_layout_keeps_the_aliases_of_the_issue_apart_and_each_key_is_a_valid_table_key()
    {
        var rows = IssueAliases.Select(name => GrainStateLayout.AddressOf(ServiceId, "user", "acme/" + name, "user")).ToList();
        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.All(rows, row => Assert.DoesNotMatch(@"[/\\#?\u0000-\u001F\u007F-\u009F]", row.PartitionKey + row.RowKey));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Kagis_own_row_layout_gives_distinct_grains_and_states_distinct_rows(int seed)
    {
        var random = new Random(seed);
        var rows = new Dictionary<(string, string), (string, string, string)>();
        for (var i = 0; i < 40_000; i++)
        {
            // Any text at all, not only accepted identifiers: the layout must not rely on the boundary's rules.
            var grain = (RandomText(random, "ab_", 1, 3), RandomText(random, IdAlphabet + "~", 1, 10), RandomText(random, "st_~", 1, 3));
            var row = GrainStateLayout.AddressOf(ServiceId, grain.Item1, grain.Item2, grain.Item3);
            if (rows.TryGetValue(row, out var earlier))
            {
                Assert.Equal(earlier, grain);
            }
            else
            {
                rows[row] = grain;
            }
        }
    }

    [Fact]
    public void The_earlier_layouts_address_is_the_one_orleans_own_provider_used()
    {
        foreach (var key in new[] { "acme/db_owner", "acme/a#b?c\\d", "acme" })
        {
            Assert.Equal((StorageKey("privilegedaccount", key), Sanitize("account")), GrainStateLayout.LegacyAddressOf(ServiceId, "privilegedaccount", key, "account"));
        }
    }

    private static string RandomText(Random random, string alphabet, int minimum, int maximum)
    {
        var length = random.Next(minimum, maximum + 1);
        return string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
    }

    private static Func<string, string> FindSanitizer()
    {
        var method = typeof(AzureTableGrainStorage).Assembly.GetTypes()
            .Where(t => t.Name == "AzureTableUtils")
            .Select(t => t.GetMethod("SanitizeTableProperty", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(string)]))
            .Single(m => m is not null)!;
        return key => (string)method.Invoke(null, [key])!;
    }
}
