using Kagi.Security;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>Argon2id password hashing. Each hash costs ~25 ms, so the tests share a few.</summary>
public sealed class PasswordHasherTests
{
    private const string Password = "correct horse battery staple";

    private static readonly PasswordHasher Hasher = new();
    private static readonly Lazy<string> Stored = new(() => Hasher.Hash(Password));

    [Fact]
    public void The_right_password_verifies()
    {
        Assert.True(Hasher.Verify(Stored.Value, Password));
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    [InlineData("")]
    public void A_wrong_password_does_not_verify(string attempt)
    {
        Assert.False(Hasher.Verify(Stored.Value, attempt));
    }

    [Fact]
    public void The_hash_is_an_encoded_argon2id_string_with_the_asvs_parameters()
    {
        var hash = Stored.Value;

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordHasher.MemoryBytes / 1024, 19456);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', hash);
    }

    [Fact]
    public void Two_hashes_of_the_same_password_differ_but_both_verify()
    {
        var other = Hasher.Hash(Password);

        Assert.NotEqual(Stored.Value, other);
        Assert.True(Hasher.Verify(other, Password));
    }

    [Fact]
    public void Non_ascii_passwords_round_trip()
    {
        var hash = Hasher.Hash("pässwörd 鍵");

        Assert.True(Hasher.Verify(hash, "pässwörd 鍵"));
        Assert.False(Hasher.Verify(hash, "passwörd 鍵"));
    }

    [Fact]
    public void The_decoy_never_verifies()
    {
        var hasher = new PasswordHasher();

        Assert.False(hasher.VerifyDecoy(Password));
        Assert.False(hasher.VerifyDecoy(""));
    }
}
