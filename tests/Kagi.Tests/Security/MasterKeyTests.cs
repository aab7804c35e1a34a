using System.Security.Cryptography;
using Kagi.Security;
using Kagi.Security.Keys;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>The single configured KEK (KAGI_MASTER_KEY): parsing, and wrapping data keys with it.</summary>
public sealed class MasterKeyTests
{
    private static readonly byte[] Aad = "kagi/dek/v1|4:acme|1"u8.ToArray();

    [Fact]
    public async Task The_static_provider_wraps_under_kek_1_and_only_the_same_key_unwraps()
    {
        var key = new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.Length));
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await new StaticKeyProvider(key).WrapAsync(dataKey, Aad, CancellationToken.None);

        Assert.Equal(StaticKeyProvider.KeyId, wrapped.KekId);
        Assert.Equal(dataKey, await new StaticKeyProvider(key).UnwrapAsync(wrapped, Aad, CancellationToken.None));
        var other = new StaticKeyProvider(new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.Length)));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => other.UnwrapAsync(wrapped, Aad, CancellationToken.None));
        await Assert.ThrowsAsync<NotSupportedException>(() => other.RotateAsync(CancellationToken.None));
    }

    [Fact]
    public void Master_key_parsing_accepts_32_bytes_of_base64_even_with_surrounding_whitespace()
    {
        var base64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKey.Length));

        Assert.NotNull(MasterKey.TryParse(base64));
        Assert.NotNull(MasterKey.TryParse($"  {base64}\n"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(34)]
    [InlineData(35)]
    [InlineData(36)]
    [InlineData(64)]
    public void Master_key_parsing_refuses_other_lengths(int length)
    {
        Assert.Null(MasterKey.TryParse(Convert.ToBase64String(new byte[length])));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 43 characters: padding missing
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$=")]
    public void Master_key_parsing_refuses_garbage(string? text)
    {
        Assert.Null(MasterKey.TryParse(text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void A_master_key_of_the_wrong_length_cannot_be_constructed(int length)
    {
        Assert.Throws<ArgumentException>(() => new MasterKey(new byte[length]));
    }
}
