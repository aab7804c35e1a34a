using Kagi.Identity;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A session grain reads its row only when a call needs it: a sign-in adds the row of its new token without reading
/// it first (issue 15, P2), and a session stored earlier is still read when it is next used.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SessionStorageTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task A_stored_session_is_read_when_it_is_first_used_and_ended_for_good()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        var key = world.NewSessionKey();
        var session = new SessionInfo(world.TenantId, "bob", [KagiRoles.User], DateTimeOffset.UtcNow.AddHours(1));
        await PersistedState.WriteAsync(fixture.Cluster, world.Session(key), "session", new SessionState { Session = session, LastSeen = DateTimeOffset.UtcNow });

        var validated = await world.Session(key).ValidateAsync();

        Assert.Equal("bob", validated?.Username);
        await world.Session(key).EndAsync();
        Assert.True((await PersistedState.ReadAsync<SessionState>(fixture.Cluster, world.Session(key), "session")).Ended);
        Assert.Null(await world.Session(key).ValidateAsync());
    }

    [Fact]
    public async Task A_sign_in_under_the_key_of_a_stored_session_fails_and_leaves_that_session_as_it_was()
    {
        var world = await SignInWorld.CreateAsync(fixture.Grains);
        await world.AddUserAsync("bob", KagiRoles.User);
        var key = world.NewSessionKey();
        var stored = new SessionInfo(world.TenantId, "carol", [KagiRoles.Admin], DateTimeOffset.UtcNow.AddHours(1));
        await PersistedState.WriteAsync(fixture.Cluster, world.Session(key), "session", new SessionState { Session = stored, LastSeen = DateTimeOffset.UtcNow });

        // The session row is added, never replaced: a token issued twice cannot take over another person's session.
        await Assert.ThrowsAnyAsync<Exception>(() => world.SignInAsync("bob", SignInWorld.Password, sessionKey: key));

        var after = await PersistedState.ReadAsync<SessionState>(fixture.Cluster, world.Session(key), "session");
        Assert.Equal("carol", after.Session?.Username);
        Assert.Equal([KagiRoles.Admin], after.Session?.Roles);
    }
}
