using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class RecoveryCodesTests
{
    [Fact]
    public void Ten_distinct_codes_of_sixteen_characters_are_generated()
    {
        var codes = RecoveryCodes.Generate(SeededRandom.Any());

        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$", code));
    }

    [Fact]
    public void A_code_redeems_once_and_only_its_hash_is_stored()
    {
        var codes = RecoveryCodes.Generate(SeededRandom.Any());
        var hashes = codes.Select(RecoveryCodes.Hash).ToImmutableArray();
        Assert.DoesNotContain(codes[3], string.Join(",", hashes), StringComparison.Ordinal);

        var remaining = RecoveryCodes.Redeem(hashes, codes[3].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal));

        Assert.NotNull(remaining);
        Assert.Equal(9, remaining.Value.Length);
        Assert.Null(RecoveryCodes.Redeem(remaining.Value, codes[3]));
        Assert.NotNull(RecoveryCodes.Redeem(remaining.Value, codes[4]));
    }

    [Fact]
    public void An_unknown_code_redeems_nothing() =>
        Assert.Null(RecoveryCodes.Redeem([.. RecoveryCodes.Generate(SeededRandom.Any()).Select(RecoveryCodes.Hash)], "aaaa-bbbb-cccc-dddd"));
}
