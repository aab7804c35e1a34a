using System.Security.Cryptography;
using System.Text;
using Kagi.Security;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>AES-256-GCM at rest: confidentiality, integrity and binding to where the value belongs.</summary>
public sealed class SecretProtectorTests
{
    private const string Secret = "Tr0ub4dor&3-correct-horse";
    private static readonly SecretContext Context = new("tenant-a", "account", "db-prod-sa", "password");

    private static readonly SecretProtector Protector = new(NewKey());

    private static MasterKey NewKey() => new(RandomNumberGenerator.GetBytes(MasterKey.Length));

    [Theory]
    [InlineData(Secret)]
    [InlineData("")]
    [InlineData("ключ 鍵 🔑 with \"quotes\" and \\ backslash")]
    public void A_protected_value_round_trips(string plaintext)
    {
        var sealedValue = Protector.Protect(plaintext, Context);

        Assert.Equal(plaintext, Protector.Unprotect(sealedValue, Context));
    }

    [Fact]
    public void A_long_value_round_trips()
    {
        var plaintext = new string('x', 100_000);

        Assert.Equal(plaintext, Protector.Unprotect(Protector.Protect(plaintext, Context), Context));
    }

    [Fact]
    public void The_layout_is_key_id_nonce_tag_then_ciphertext_of_the_same_length()
    {
        var sealedValue = Protector.Protect(Secret, Context);

        Assert.Equal(1 + 12 + 16 + Encoding.UTF8.GetByteCount(Secret), sealedValue.Length);
        Assert.Equal(1, sealedValue[0]);
    }

    [Fact]
    public void Protecting_the_same_value_twice_gives_different_ciphertexts()
    {
        var first = Protector.Protect(Secret, Context);
        var second = Protector.Protect(Secret, Context);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
    }

    [Fact]
    public void Nonces_do_not_repeat_over_many_seals()
    {
        var nonces = Enumerable.Range(0, 1000)
            .Select(_ => Convert.ToHexString(Protector.Protect("x", Context).AsSpan(1, 12)))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, nonces.Count);
    }

    [Fact]
    public void The_ciphertext_does_not_contain_the_plaintext()
    {
        var plaintext = new string('A', 64) + Secret;
        var plain = Encoding.UTF8.GetBytes(plaintext);

        var sealedValue = Protector.Protect(plaintext, Context);

        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(plain));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes("AAAAAAAA")));
    }

    public static TheoryData<SecretContext> OtherContexts => new()
    {
        Context with { TenantId = "tenant-b" },
        Context with { ObjectKind = "connector" },
        Context with { ObjectId = "db-prod-sa2" },
        Context with { Field = "pendingPassword" },
        // Shifting text between fields must not yield the same associated data.
        Context with { TenantId = "tenant-aa", ObjectKind = "ccount" },
        Context with { ObjectId = "db-prod-", Field = "sapassword" },
        Context with { TenantId = "TENANT-A" },
    };

    [Theory]
    [MemberData(nameof(OtherContexts))]
    public void A_ciphertext_moved_to_another_tenant_object_or_field_does_not_decrypt(SecretContext other)
    {
        var sealedValue = Protector.Protect(Secret, Context);

        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(sealedValue, other));
    }

    [Fact]
    public void Flipping_any_single_byte_makes_decryption_fail()
    {
        var sealedValue = Protector.Protect(Secret, Context);

        for (var i = 0; i < sealedValue.Length; i++)
        {
            var tampered = (byte[])sealedValue.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(tampered, Context));
        }
    }

    [Fact]
    public void A_truncated_or_extended_value_does_not_decrypt()
    {
        var sealedValue = Protector.Protect(Secret, Context);

        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(sealedValue[..^1], Context));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect([.. sealedValue, 0], Context));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(sealedValue[..29], Context));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(sealedValue[..28], Context));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect([], Context));
    }

    [Fact]
    public void A_value_sealed_with_an_unknown_key_id_is_refused()
    {
        var sealedValue = Protector.Protect(Secret, Context);
        sealedValue[0] = 2;

        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(sealedValue, Context));
    }

    [Fact]
    public void A_different_master_key_cannot_decrypt()
    {
        var sealedValue = Protector.Protect(Secret, Context);
        var other = new SecretProtector(NewKey());

        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(sealedValue, Context));
    }

    [Fact]
    public void The_same_key_parsed_again_decrypts()
    {
        var bytes = RandomNumberGenerator.GetBytes(MasterKey.Length);
        var base64 = Convert.ToBase64String(bytes);
        var sealedValue = new SecretProtector(new MasterKey(bytes)).Protect(Secret, Context);

        var parsed = MasterKey.TryParse(base64);

        Assert.NotNull(parsed);
        Assert.Equal(Secret, new SecretProtector(parsed).Unprotect(sealedValue, Context));
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
