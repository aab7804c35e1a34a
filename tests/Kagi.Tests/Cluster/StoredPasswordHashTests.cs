using System.Text.RegularExpressions;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed partial class StoredPasswordHashTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task The_stored_hash_is_argon2id_at_the_floor_and_is_raised_at_the_next_sign_in_after_the_tenant_raises_it()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var username = "u" + Guid.NewGuid().ToString("N")[..10];
        await world.AddUserAsync(username, KagiRoles.User);

        var before = await StoredParametersAsync(username);
        await world.Security.SetPasswordPolicyAsync(world.Admin, new PasswordPolicySettings { HashIterations = 3, HashMemoryMiB = 20 });
        Assert.NotNull((await world.SignInAsync(username, SignInWorld.Password)).Session);
        var after = await StoredParametersAsync(username);

        Assert.Equal("argon2id v=19 m=19456 t=2 p=1", before);
        Assert.Equal("argon2id v=19 m=20480 t=3 p=1", after);
        Assert.NotNull((await world.SignInAsync(username, SignInWorld.Password)).Session);
    }

    private async Task<string> StoredParametersAsync(string username)
    {
        var rows = await StoredGrainState.ReadAsync(fixture.Cluster.Options.ServiceId, username);
        var hashes = rows.SelectMany(row => PhcHash().Matches(StoredGrainState.AsText(row))).ToList();
        var hash = Assert.Single(hashes);
        return $"{hash.Groups[1].Value} v={hash.Groups[2].Value} m={hash.Groups[3].Value} t={hash.Groups[4].Value} p={hash.Groups[5].Value}";
    }

    [GeneratedRegex(@"\$(argon2id)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$")]
    private static partial Regex PhcHash();
}
