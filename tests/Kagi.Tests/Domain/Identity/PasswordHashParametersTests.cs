using Kagi.Security;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class PasswordHashParametersTests
{
    private static readonly PasswordHasher Hasher = new();

    [Fact]
    public void A_new_hash_records_argon2id_with_19_MiB_two_iterations_and_one_lane()
    {
        var parameters = Argon2Parameters.Parse(Hasher.Hash("Vault-Keeper-7731"));

        Assert.Equal(new Argon2Parameters("argon2id", 19, 19 * 1024, 2, 1), parameters);
    }

    [Fact]
    public void A_tenant_may_raise_the_parameters_but_never_lower_them()
    {
        Assert.Equal(3, Argon2Parameters.Parse(Hasher.Hash("Vault-Keeper-7731", 3, 20))!.Iterations);
        Assert.Equal(20 * 1024, Argon2Parameters.Parse(Hasher.Hash("Vault-Keeper-7731", 3, 20))!.MemoryKiB);
        Assert.Equal(new Argon2Parameters("argon2id", 19, 19 * 1024, 2, 1), Argon2Parameters.Parse(Hasher.Hash("Vault-Keeper-7731", 1, 8)));
    }

    [Fact]
    public void A_hash_below_the_tenant_s_parameters_needs_a_rehash()
    {
        var hash = Hasher.Hash("Vault-Keeper-7731");

        Assert.False(PasswordHasher.NeedsRehash(hash, 2, 19));
        Assert.True(PasswordHasher.NeedsRehash(hash, 3, 19));
        Assert.True(PasswordHasher.NeedsRehash(hash, 2, 32));
        Assert.True(PasswordHasher.NeedsRehash("garbage", 2, 19));
    }
}
