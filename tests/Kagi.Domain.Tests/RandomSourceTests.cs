using Kagi.Domain.Identity;
using Kagi.Domain.Vault;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>The rules take their randomness from the caller: the same source gives the same result.</summary>
public sealed class RandomSourceTests
{
    [Fact]
    public void Passwords_recovery_codes_and_one_time_names_come_from_the_source_passed_in()
    {
        Assert.Equal(PasswordGenerator.Generate(PasswordRules.Default, new SeededRandom(7)), PasswordGenerator.Generate(PasswordRules.Default, new SeededRandom(7)));
        Assert.NotEqual(PasswordGenerator.Generate(PasswordRules.Default, new SeededRandom(7)), PasswordGenerator.Generate(PasswordRules.Default, new SeededRandom(8)));
        Assert.Equal(RecoveryCodes.Generate(new SeededRandom(7)).ToArray(), RecoveryCodes.Generate(new SeededRandom(7)).ToArray());
        Assert.Equal(OneTimeLifecycle.NewUsername("jit", new SeededRandom(7)), OneTimeLifecycle.NewUsername("jit", new SeededRandom(7)));
    }

    [Fact]
    public void A_shuffle_keeps_every_item()
    {
        var items = "abcdefghij".ToCharArray();
        Kagi.Domain.Randomness.RandomChoices.Shuffle(new SeededRandom(3), items);
        Assert.Equal("abcdefghij", new string([.. items.Order()]));
    }
}
