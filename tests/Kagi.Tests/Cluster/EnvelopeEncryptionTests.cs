using System.Security.Cryptography;
using Kagi.Domain.Identity;
using Kagi.Identity;
using Kagi.Security;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OtpNet;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed class EnvelopeEncryptionTests(KagiClusterFixture fixture)
{
    private TenantVault Vault => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<TenantVault>();

    [Fact]
    public async Task A_sealed_secret_round_trips_and_opens_nowhere_else()
    {
        var a = await TenantWorld.CreateAsync(fixture.Grains);
        var b = await TenantWorld.CreateAsync(fixture.Grains);
        var here = new SecretContext(a.TenantId, "account", "db", "password");

        var sealedValue = await Vault.SealAsync("Top-Secret-1", here);

        Assert.Equal("Top-Secret-1", await Vault.OpenAsync(sealedValue, here));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf("Top-Secret-1"u8));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => Vault.OpenAsync(sealedValue, here with { ObjectId = "other" }));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => Vault.OpenAsync(sealedValue, here with { Field = "admin-password" }));
        await Assert.ThrowsAnyAsync<Exception>(() => Vault.OpenAsync(sealedValue, here with { TenantId = b.TenantId }));
        var flipped = sealedValue.ToArray();
        flipped[^3] ^= 0x10;
        await Assert.ThrowsAnyAsync<CryptographicException>(() => Vault.OpenAsync(flipped, here));
    }

    [Fact]
    public async Task Data_key_rotation_reseals_every_secret_in_the_background_and_the_vault_still_works()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var keys = fixture.Grains.GetGrain<ITenantKeyGrain>(world.TenantId);
        var before = await keys.GetStatusAsync(world.Admin);

        var rotated = await fixture.Grains.RotateDataKeyAsync(world.TenantId, world.Admin);
        var done = await Eventually.Async(() => keys.GetStatusAsync(world.Admin), s => !s.Reencrypting, TimeSpan.FromSeconds(30));

        Assert.Equal(before.CurrentKeyId + 1, rotated.CurrentKeyId);
        Assert.Equal(2, done.LastReencryptedObjects); // the target's admin password and the account's password
        Assert.NotNull(done.Keys.Single(k => k.Id == before.CurrentKeyId).RetiredAt);
        var grant = await world.CheckOutAsync();
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
        Assert.Equal("completed", (await world.Account.CheckInAsync(world.Requester)).Rotation.Status);
    }

    [Fact]
    public async Task Data_key_rotation_reseals_users_totp_secrets_and_totp_sign_in_still_works()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var bob = await world.AddUserAsync("bob", KagiRoles.User);
        var secret = Base32Encoding.ToBytes((await bob.BeginTotpEnrolmentAsync(world.As("bob", KagiRoles.User), new PasswordProof(SignInWorld.Password))).Secret);
        var now = DateTimeOffset.UtcNow;
        await bob.ConfirmTotpAsync(world.As("bob", KagiRoles.User), TotpCodes.Compute(secret, now));
        var carol = await world.AddUserAsync("carol", KagiRoles.User);
        await carol.BeginTotpEnrolmentAsync(world.As("carol", KagiRoles.User), new PasswordProof(SignInWorld.Password)); // pending, never confirmed
        var keys = fixture.Grains.GetGrain<ITenantKeyGrain>(world.TenantId);
        var before = await keys.GetStatusAsync(world.Admin);
        Assert.Equal(before.CurrentKeyId, TenantVault.KeyIdOf((await StoredUserAsync(bob)).Mfa.SealedSecret!));

        var rotated = await fixture.Grains.RotateDataKeyAsync(world.TenantId, world.Admin);
        var done = await Eventually.Async(() => keys.GetStatusAsync(world.Admin), s => !s.Reencrypting, TimeSpan.FromSeconds(30));

        Assert.Equal(2, done.LastReencryptedObjects); // bob's confirmed secret and carol's pending one
        Assert.Equal(rotated.CurrentKeyId, TenantVault.KeyIdOf((await StoredUserAsync(bob)).Mfa.SealedSecret!));
        Assert.Equal(rotated.CurrentKeyId, TenantVault.KeyIdOf((await StoredUserAsync(carol)).Mfa.PendingSealedSecret!));
        Assert.NotNull(done.Keys.Single(k => k.Id == before.CurrentKeyId).RetiredAt);
        var signIn = await world.SignInAsync("bob", SignInWorld.Password, totp: TotpCodes.Compute(secret, now.AddSeconds(30)));
        Assert.Equal(SignInReasons.PasswordAndTotp, signIn.Reason);
        Assert.NotNull(signIn.Session);
    }

    [Fact]
    public async Task Kek_rotation_while_requests_run_rewraps_every_tenant_and_loses_nothing()
    {
        var worlds = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TenantWorld.CreateAsync(fixture.Grains)));
        using var stop = new CancellationTokenSource();
        var traffic = worlds.Select(world => Task.Run(async () =>
        {
            var rounds = 0;
            while (!stop.IsCancellationRequested || rounds < 2)
            {
                var grant = await world.CheckOutAsync();
                Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
                Assert.Equal("completed", (await world.Account.CheckInAsync(world.Requester)).Rotation.Status);
                rounds++;
            }

            return rounds;
        })).ToList();

        var kek = await fixture.Grains.GetGrain<IKeyringGrain>(0).RotateKekAsync();
        await stop.CancelAsync();
        var rounds = await Task.WhenAll(traffic);

        Assert.All(rounds, r => Assert.True(r >= 2));
        foreach (var world in worlds)
        {
            var status = await fixture.Grains.GetGrain<ITenantKeyGrain>(world.TenantId).GetStatusAsync(world.Admin);
            Assert.All(status.Keys, key => Assert.Equal(kek, key.KekId));
            Assert.True(await PostgresRoles.CanLogInAsync(world.Role, (await world.CheckOutAsync()).Password!));
        }
    }

    private Task<UserState> StoredUserAsync(IUserGrain user) => PersistedState.ReadAsync<UserState>(fixture.Cluster, user, "user");
}
