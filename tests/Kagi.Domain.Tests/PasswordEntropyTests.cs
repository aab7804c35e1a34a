using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>
/// The entropy floor of generated passwords. The pools: 24 upper case (no I, O), 25 lower case (no l),
/// 8 digits (no 0, 1), 12 symbols: 69 in all.
/// </summary>
public sealed class PasswordEntropyTests
{
    private const string AllSymbols = "-_.~!#%+=@^*";

    private static double Log2(double x) => Math.Log2(x);

    [Fact]
    public void Each_required_class_counts_once_at_its_own_size_and_the_rest_at_the_whole_pool()
    {
        var entropy = PasswordEntropy.Of(PasswordRules.Default);

        Assert.Equal(69, entropy.PoolSize);
        Assert.Equal(24, entropy.Length);
        Assert.Equal(Log2(24) + Log2(25) + Log2(8) + Log2(12) + (20 * Log2(69)), entropy.Bits, 9);
        Assert.True(entropy.MeetsFloor);
    }

    [Fact]
    public void Exclusions_shrink_the_pools_and_a_wholly_excluded_class_is_no_longer_required()
    {
        var entropy = PasswordEntropy.Of(new PasswordRules { Length = 20, ExcludedCharacters = AllSymbols + "ABC" + "xyz" + "2" });

        Assert.Equal(21 + 22 + 7, entropy.PoolSize);
        Assert.Equal(Log2(21) + Log2(22) + Log2(7) + (17 * Log2(50)), entropy.Bits, 9);
    }

    [Fact]
    public void Excluding_characters_outside_the_pools_changes_nothing()
    {
        Assert.Equal(PasswordEntropy.Of(PasswordRules.Default), PasswordEntropy.Of(PasswordRules.Default with { ExcludedCharacters = "IOl01\"' " }));
    }

    [Fact]
    public void A_required_class_costs_entropy_against_drawing_every_character_from_the_whole_pool()
    {
        var digitsOnly = PasswordEntropy.Of(new PasswordRules { Length = 30, Uppercase = false, Lowercase = false, Symbols = false });
        var lettersAndDigits = PasswordEntropy.Of(new PasswordRules { Length = 16, Symbols = false });

        Assert.Equal(30 * Log2(8), digitsOnly.Bits, 9);
        Assert.Equal(Log2(24) + Log2(25) + Log2(8) + (13 * Log2(57)), lettersAndDigits.Bits, 9);
        Assert.True(lettersAndDigits.Bits < 16 * Log2(57));
    }

    [Theory]
    [InlineData(15, true)]
    [InlineData(14, false)]
    [InlineData(1, false)]
    public void Fifteen_characters_of_every_class_is_the_shortest_default_above_80_bits(int length, bool meets)
    {
        Assert.Equal(meets, PasswordEntropy.Of(PasswordRules.Default with { Length = length }).MeetsFloor);
    }

    [Fact]
    public void Rules_that_cannot_produce_a_password_give_nothing()
    {
        Assert.Equal(0, PasswordEntropy.Of(new PasswordRules { Uppercase = false, Lowercase = false, Digits = false, Symbols = false }).Bits);
        Assert.Equal(0, PasswordEntropy.Of(PasswordRules.Default with { Length = 3 }).Bits);
    }

    [Fact]
    public void The_problem_names_the_field_and_the_bits_it_gives()
    {
        var problem = PasswordEntropy.Of(new PasswordRules { Length = 12, Uppercase = false, Lowercase = false, Symbols = false }).Problem("passwordPolicy");

        Assert.Equal("passwordPolicy gives generated passwords only 36 bits of entropy (12 characters from 8); they need at least 80: allow longer passwords or more characters.", problem);
        Assert.Null(PasswordEntropy.Of(PasswordRules.Default).Problem("passwordPolicy"));
    }

    [Fact]
    public void An_account_policy_is_refused_below_the_floor_alone_or_as_its_target_limits_it()
    {
        var shortPolicy = new AccountPolicy { PasswordPolicy = new PasswordRules { Length = 1, Uppercase = false, Lowercase = false, Digits = false } };
        var capped = new TargetPasswordRules { MaximumLength = 12 };

        Assert.Contains("passwordPolicy gives", Assert.Throws<KagiException>(() => AccountPolicyRules.Validate(shortPolicy)).Message, StringComparison.Ordinal);
        var limited = Assert.Throws<KagiException>(() => AccountPolicyRules.Validate(AccountPolicy.Default, capped));
        Assert.Equal(ProblemCode.Invalid, limited.Code);
        Assert.Contains("target's passwordRules", limited.Message, StringComparison.Ordinal);
        Assert.Same(AccountPolicy.Default, AccountPolicyRules.Validate(AccountPolicy.Default, new TargetPasswordRules { MaximumLength = 16 }));
    }

    [Fact]
    public void A_targets_rules_are_refused_when_they_leave_the_default_account_rules_below_the_floor()
    {
        Assert.Contains("passwordRules gives", PasswordRulesFor.Problem(new TargetPasswordRules { MaximumLength = 12 }), StringComparison.Ordinal);
        Assert.Contains("passwordRules gives", PasswordRulesFor.Problem(new TargetPasswordRules { ExcludedCharacters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz" + AllSymbols }), StringComparison.Ordinal);
        Assert.Null(PasswordRulesFor.Problem(new TargetPasswordRules { MaximumLength = 16, ExcludedCharacters = AllSymbols }));
        Assert.Null(PasswordRulesFor.Problem(new TargetPasswordRules { MinimumLength = 32 }));
    }
}
