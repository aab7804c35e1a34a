using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class PasswordGeneratorTests
{
    private const int Samples = 500;
    private const string Symbols = "-_.~!#%+=@^*";

    [Theory]
    [InlineData(15)]
    [InlineData(PasswordGenerator.DefaultLength)]
    [InlineData(64)]
    public void The_requested_length_is_honoured(int length)
    {
        var generator = new PasswordGenerator(length);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(length, generator.Generate(SeededRandom.Any()).Length);
        }
    }

    [Fact]
    public void The_default_length_is_24()
    {
        Assert.Equal(24, new PasswordGenerator().Generate(SeededRandom.Any()).Length);
    }

    [Theory]
    [InlineData(PasswordGenerator.DefaultLength)]
    [InlineData(15)]
    public void Every_password_has_an_upper_lower_digit_and_symbol(int length)
    {
        var generator = new PasswordGenerator(length);

        for (var i = 0; i < Samples; i++)
        {
            var password = generator.Generate(SeededRandom.Any());
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => Symbols.Contains(c, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Passwords_hold_only_printable_ascii_without_quotes_backslash_or_whitespace()
    {
        var generator = new PasswordGenerator();

        for (var i = 0; i < Samples; i++)
        {
            foreach (var c in generator.Generate(SeededRandom.Any()))
            {
                Assert.True(c is > ' ' and < (char)127, $"Unexpected character U+{(int)c:X4}.");
                Assert.DoesNotContain(c, "\"'`\\ \t\r\n");
            }
        }
    }

    [Fact]
    public void Passwords_differ()
    {
        var generator = new PasswordGenerator();

        var passwords = Enumerable.Range(0, Samples).Select(_ => generator.Generate(SeededRandom.Any())).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Samples, passwords.Count);
    }

    [Fact]
    public void The_guaranteed_characters_are_not_always_at_the_start()
    {
        // Without the shuffle the first character would always be upper case.
        var generator = new PasswordGenerator();

        var firstCharacters = Enumerable.Range(0, Samples).Select(_ => generator.Generate(SeededRandom.Any())[0]);

        Assert.Contains(firstCharacters, c => !char.IsAsciiLetterUpper(c));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_length_too_short_for_every_class_is_refused(int length)
    {
        Assert.Throws<InvalidOperationException>(() => new PasswordGenerator(length).Generate(SeededRandom.Any()));
    }

    [Theory]
    [InlineData(14)]
    [InlineData(4)]
    public void The_generator_itself_refuses_rules_below_the_entropy_floor(int length)
    {
        // 14 characters of every class give 76.9 bits: stored rules from before the floor are not obeyed.
        var refused = Assert.Throws<KagiException>(() => new PasswordGenerator(length).Generate(SeededRandom.Any()));

        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Contains($"at least {PasswordEntropy.MinimumBits}", refused.Message, StringComparison.Ordinal);
        Assert.Throws<KagiException>(() => PasswordGenerator.Generate(new PasswordRules { Length = 24, Uppercase = false, Lowercase = false, Symbols = false }, SeededRandom.Any()));
    }
}
