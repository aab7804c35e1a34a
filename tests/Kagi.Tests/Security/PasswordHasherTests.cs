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

    [Fact]
    public async Task No_more_computations_run_at_once_than_the_hasher_has_slots()
    {
        // One slot: with the thread pool's two or more threads, a gate that let work through would show 2 here.
        var hasher = new PasswordHasher(concurrency: 1);
        var running = 0;
        var most = 0;
        var work = Enumerable.Range(0, 4).Select(_ => hasher.InTurnAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(30);
            Interlocked.Decrement(ref running);
            return now;
        }));

        var seen = await Task.WhenAll(work);

        Assert.Equal(4, seen.Length);
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task The_async_verification_answers_as_the_plain_one()
    {
        Assert.True(await Hasher.VerifyAsync(Stored.Value, Password));
        Assert.False(await Hasher.VerifyAsync(Stored.Value, Password + "x"));
        Assert.False(await Hasher.VerifyDecoyAsync(Password));
        Assert.True(Hasher.Verify(await Hasher.HashAsync(Password, 2, 19), Password));
    }

    [Fact]
    public void A_hasher_without_slots_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(concurrency: 0));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
