using Kagi.Domain.Vault;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class PasswordRulesForTests
{
    private const string AllSymbols = "-_.~!#%+=@^*";

    [Fact]
    public void The_target_caps_and_raises_the_length_adds_required_classes_and_excludes_its_characters()
    {
        var account = new PasswordRules { Length = 40, Symbols = false, ExcludedCharacters = "O0" };

        var capped = PasswordRulesFor.Combine(account, new TargetPasswordRules { MaximumLength = 16, RequireSymbols = true, ExcludedCharacters = "#%" });
        var raised = PasswordRulesFor.Combine(account with { Length = 12 }, new TargetPasswordRules { MinimumLength = 20 });

        Assert.Equal(16, capped.Length);
        Assert.True(capped.Symbols);
        Assert.Equal("O0#%", capped.ExcludedCharacters);
        Assert.Equal(20, raised.Length);
        Assert.Same(account, PasswordRulesFor.Combine(account, null));
    }

    [Fact]
    public void Generated_passwords_always_satisfy_the_targets_rules()
    {
        var rules = PasswordRulesFor.Combine(PasswordRules.Default, new TargetPasswordRules { MaximumLength = 16, ExcludedCharacters = AllSymbols + "lI1" });

        for (var i = 0; i < 300; i++)
        {
            var password = PasswordGenerator.Generate(rules, SeededRandom.Any());
            Assert.Equal(16, password.Length);
            Assert.True(password.All(char.IsLetterOrDigit), password);
            Assert.DoesNotContain(password, c => "lI1".Contains(c, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(20, 10)]
    [InlineData(-1, null)]
    [InlineData(0, 0)]
    public void Contradictory_target_lengths_are_refused(int minimum, int? maximum) =>
        Assert.NotNull(PasswordRulesFor.Problem(new TargetPasswordRules { MinimumLength = minimum, MaximumLength = maximum }));
}
