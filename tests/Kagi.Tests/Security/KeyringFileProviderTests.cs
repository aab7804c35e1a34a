using System.Security.Cryptography;
using Kagi.Security.Keys;
using Xunit;

namespace Kagi.Tests.Security;

public sealed class KeyringFileProviderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kagi-keyring-test-{Guid.NewGuid():N}.json");
    private static readonly byte[] Aad = "kagi/dek/v1|4:acme|1"u8.ToArray();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_new_keyring_file_is_readable_by_its_owner_only()
    {
        using var provider = new KeyringFileProvider(_path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    [Fact]
    public async Task Keys_wrapped_before_a_rotation_still_unwrap_and_new_ones_use_the_new_version()
    {
        using var provider = new KeyringFileProvider(_path);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var before = await provider.WrapAsync(dataKey, Aad, CancellationToken.None);

        var kek = await provider.RotateAsync(CancellationToken.None);
        var after = await provider.WrapAsync(dataKey, Aad, CancellationToken.None);

        Assert.Equal(1, before.KekId);
        Assert.Equal(2, kek);
        Assert.Equal(2, after.KekId);
        Assert.Equal(dataKey, await provider.UnwrapAsync(before, Aad, CancellationToken.None));
        Assert.Equal(dataKey, await provider.UnwrapAsync(after, Aad, CancellationToken.None));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    [Fact]
    public async Task A_rotation_made_through_another_provider_on_the_same_file_is_seen()
    {
        using var first = new KeyringFileProvider(_path);
        using var second = new KeyringFileProvider(_path);

        await first.RotateAsync(CancellationToken.None);
        var wrapped = await second.WrapAsync(new byte[32], Aad, CancellationToken.None);

        Assert.Equal(2, wrapped.KekId);
    }

    [Fact]
    public async Task A_wrapped_key_bound_to_another_tenant_or_id_or_altered_does_not_unwrap()
    {
        using var provider = new KeyringFileProvider(_path);
        var wrapped = await provider.WrapAsync(RandomNumberGenerator.GetBytes(32), Aad, CancellationToken.None);
        var flipped = wrapped with { Ciphertext = [.. wrapped.Ciphertext] };
        flipped.Ciphertext[^1] ^= 1;

        await Assert.ThrowsAnyAsync<CryptographicException>(() => provider.UnwrapAsync(wrapped, "kagi/dek/v1|4:evil|1"u8.ToArray(), CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => provider.UnwrapAsync(wrapped, "kagi/dek/v1|4:acme|2"u8.ToArray(), CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => provider.UnwrapAsync(flipped, Aad, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.UnwrapAsync(wrapped with { KekId = 9 }, Aad, CancellationToken.None));
    }
}
