using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class PasswordPolicyTests
{
    private const string Strong = "Vault-Keeper-7731";
    private static readonly PasswordPolicy Default = new(new PasswordPolicySettings());

    private static bool NoHistory(string _) => false;

    [Fact]
    public void A_long_uncommon_password_passes_the_default_policy() =>
        Assert.Empty(Default.Violations(Strong, "alice", NoHistory));

    [Theory]
    [InlineData("Short-1!")]
    [InlineData("elevenchars")]
    public void A_password_shorter_than_twelve_characters_is_refused(string password) =>
        Assert.Contains("must be at least 12 characters", Default.Violations(password, "alice", NoHistory));

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password1234!")]
    [InlineData("qwertyuiop123")]
    [InlineData("Summer2024!!")]
    public void Common_and_breached_passwords_are_refused_by_the_strength_check(string password) =>
        Assert.Contains("is too common or too easy to guess", Default.Violations(password, "alice", NoHistory));

    [Fact]
    public void A_password_made_of_the_username_is_refused() =>
        Assert.Contains("is too common or too easy to guess", Default.Violations("alice-alice-alice", "alice", NoHistory));

    [Fact]
    public void Required_character_classes_are_each_named_when_missing()
    {
        var policy = new PasswordPolicy(new PasswordPolicySettings { RequireUppercase = true, RequireDigit = true, RequireSymbol = true, MinimumStrength = 0 });

        var problems = policy.Violations("all lowercase words here", "alice", NoHistory);

        Assert.Equal(["must contain an uppercase letter", "must contain a digit"], problems);
        Assert.Empty(policy.Violations("All lowercase words here 7", "alice", NoHistory));
    }

    [Fact]
    public void A_password_longer_than_the_maximum_is_refused() =>
        Assert.Contains("must be at most 128 characters", Default.Violations(new string('x', 129), "alice", NoHistory));

    [Fact]
    public void A_previous_password_is_refused()
    {
        var problems = Default.Violations(Strong, "alice", candidate => candidate == Strong);

        Assert.Equal(["must differ from the last 5 passwords"], problems);
    }

    [Fact]
    public void The_history_keeps_only_as_many_passwords_as_the_policy_counts()
    {
        var policy = new PasswordPolicy(new PasswordPolicySettings { HistoryCount = 2 });

        Assert.Equal(["h3", "h2"], policy.TrimHistory(["h3", "h2", "h1"]));
    }

    [Fact]
    public void Enforce_throws_password_rejected_without_quoting_the_password()
    {
        var refused = Assert.Throws<KagiException>(() => Default.Enforce("password1234", "alice", NoHistory));

        Assert.Equal(ProblemCode.PasswordRejected, refused.Code);
        Assert.DoesNotContain("password1234", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_expires_only_when_the_policy_has_a_maximum_age()
    {
        var changed = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ninety = new PasswordPolicy(new PasswordPolicySettings { MaximumAgeDays = 90 });

        Assert.False(ninety.IsExpired(changed, changed.AddDays(89)));
        Assert.True(ninety.IsExpired(changed, changed.AddDays(90)));
        Assert.False(Default.IsExpired(changed, changed.AddYears(10)));
    }

    [Theory]
    [InlineData(8, 128, 5, 3, 2, 19)]
    [InlineData(12, 32, 5, 3, 2, 19)]
    [InlineData(12, 128, 25, 3, 2, 19)]
    [InlineData(12, 128, 5, 5, 2, 19)]
    [InlineData(12, 128, 5, 3, 1, 19)]
    [InlineData(12, 128, 5, 3, 2, 16)]
    public void A_policy_weaker_than_the_floor_is_refused(int min, int max, int history, int strength, int iterations, int memory)
    {
        var settings = new PasswordPolicySettings
        {
            MinimumLength = min, MaximumLength = max, HistoryCount = history, MinimumStrength = strength, HashIterations = iterations, HashMemoryMiB = memory,
        };

        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => PasswordPolicy.Validate(settings)).Code);
    }

    [Theory]
    [InlineData(11, 19)]
    [InlineData(2, 257)]
    [InlineData(3, 200)]
    [InlineData(10, 64)]
    public void Argon2id_parameters_above_the_cap_are_refused(int iterations, int memory)
    {
        var settings = new PasswordPolicySettings { HashIterations = iterations, HashMemoryMiB = memory };

        var refused = Assert.Throws<KagiException>(() => PasswordPolicy.Validate(settings));
        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Contains("hash", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 256)]
    [InlineData(10, 51)]
    [InlineData(4, 128)]
    public void Argon2id_parameters_up_to_the_cap_are_accepted(int iterations, int memory) =>
        PasswordPolicy.Validate(new PasswordPolicySettings { HashIterations = iterations, HashMemoryMiB = memory });

    [Fact]
    public void The_default_policy_is_valid() => PasswordPolicy.Validate(new PasswordPolicySettings());
}
