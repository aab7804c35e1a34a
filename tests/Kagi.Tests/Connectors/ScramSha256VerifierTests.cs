using Kagi.Connectors;
using Xunit;

namespace Kagi.Tests.Connectors;

/// <summary>Pure tests: the verifier must be byte-for-byte what PostgreSQL itself stores.</summary>
public sealed class ScramSha256VerifierTests
{
    // Reference vectors computed by PostgreSQL 15.18 (Debian 15.18-0+deb12u1) itself:
    //   SET password_encryption = 'scram-sha-256';
    //   CREATE ROLE vec_role PASSWORD '<password>';
    //   SELECT rolpassword FROM pg_authid WHERE rolname = 'vec_role';
    // The server picked the random salt; the test recomputes with that salt and must get the same string.
    private const string PlainPassword = "correct horse battery staple";
    private const string PlainPasswordStored =
        "SCRAM-SHA-256$4096:Gwr/zSMaocRdGe/YrA/UxQ==$JdY410xRz2Oxvns4rbwJIyU6S8nVdqTIqbAeCy7ZeSE=:pRXZcWiLxR2dQI0qe9l/Rcy6HRHnEzTs44IRBQ4SLl8=";

    // Created with: CREATE ROLE vec_role2 PASSWORD 'K4gi''s "pa$$" \ w0rd!~'; (standard_conforming_strings on)
    private const string PunctuatedPassword = "K4gi's \"pa$$\" \\ w0rd!~";
    private const string PunctuatedPasswordStored =
        "SCRAM-SHA-256$4096:xXOhEt5MSd0rrmufGASm8Q==$ZUWrOkZTjLhACPJqkqAQYq04wnBaMUlLvkLJnSkRQbE=:vgQ1YLoeIGaR0fRIiVTtbqLE86S3RAhU/U4jj6GFYwQ=";

    [Theory]
    [InlineData(PlainPassword, PlainPasswordStored)]
    [InlineData(PunctuatedPassword, PunctuatedPasswordStored)]
    public void Matches_the_verifier_PostgreSQL_stores_for_the_same_password_and_salt(string password, string stored)
    {
        var salt = SaltOf(stored);

        Assert.Equal(stored, ScramSha256Verifier.Compute(password, salt, 4096));
    }

    [Fact]
    public void A_different_password_gives_a_different_verifier()
    {
        var salt = SaltOf(PlainPasswordStored);

        Assert.NotEqual(PlainPasswordStored, ScramSha256Verifier.Compute(PlainPassword + "!", salt));
    }

    [Fact]
    public void Random_salt_overload_uses_a_fresh_16_byte_salt_and_the_default_iteration_count()
    {
        var first = ScramSha256Verifier.Compute(PlainPassword);
        var second = ScramSha256Verifier.Compute(PlainPassword);

        Assert.NotEqual(first, second);
        Assert.StartsWith("SCRAM-SHA-256$4096:", first, StringComparison.Ordinal);
        Assert.Equal(16, SaltOf(first).Length);
        // Recomputing with the salt it chose reproduces it: the salt is really the one used for the keys.
        Assert.Equal(first, ScramSha256Verifier.Compute(PlainPassword, SaltOf(first)));
    }

    [Fact]
    public void Iteration_count_is_honoured_and_written_into_the_verifier()
    {
        var salt = SaltOf(PlainPasswordStored);

        var verifier = ScramSha256Verifier.Compute(PlainPassword, salt, 10000);

        Assert.StartsWith("SCRAM-SHA-256$10000:Gwr/zSMaocRdGe/YrA/UxQ==$", verifier, StringComparison.Ordinal);
        Assert.NotEqual(PlainPasswordStored.Split('$')[2], verifier.Split('$')[2]);
    }

    [Theory]
    [InlineData("pässword")]
    [InlineData("pass\u0000word")]
    [InlineData("")]
    public void Passwords_SASLprep_could_change_are_rejected_without_echoing_them(string password)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ScramSha256Verifier.Compute(password, new byte[16]));

        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, e.Message, StringComparison.Ordinal);
        }
    }

    private static byte[] SaltOf(string verifier)
    {
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        var parameters = verifier.Split('$')[1];
        return Convert.FromBase64String(parameters[(parameters.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }
}
