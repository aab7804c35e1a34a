using Kagi.Domain.Sso.Logout;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class IdpSessionIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static IdpSessionEntry Entry(int n, DateTimeOffset expiresAt) => new($"acme/key-{n}", "alice", expiresAt);

    [Fact]
    public void Ended_sessions_are_dropped_when_one_is_added()
    {
        var state = new IdpSessionsState { Sessions = [Entry(1, Now.AddMinutes(-1)), Entry(2, Now.AddHours(1))] };
        var (next, pushedOut) = IdpSessionIndex.Add(state, Entry(3, Now.AddHours(8)), Now);
        Assert.Equal(["acme/key-2", "acme/key-3"], next.Sessions.Select(s => s.SessionKey));
        Assert.Empty(pushedOut);
    }

    [Fact]
    public void A_full_index_answers_the_sessions_it_pushes_out_so_they_are_ended()
    {
        var state = new IdpSessionsState();
        for (var i = 0; i < IdpSessionIndex.Capacity; i++)
        {
            (state, var none) = IdpSessionIndex.Add(state, Entry(i, Now.AddMinutes(10 + i)), Now);
            Assert.Empty(none);
        }

        var (next, pushedOut) = IdpSessionIndex.Add(state, Entry(999, Now.AddHours(9)), Now);
        Assert.Equal(["acme/key-0"], pushedOut.Select(s => s.SessionKey));
        Assert.Equal(IdpSessionIndex.Capacity, next.Sessions.Length);
        Assert.Contains(next.Sessions, s => s.SessionKey == "acme/key-999");
    }

    [Fact]
    public void A_logout_ends_only_live_sessions()
    {
        var state = new IdpSessionsState { Sessions = [Entry(1, Now.AddMinutes(-1)), Entry(2, Now.AddHours(1))] };
        Assert.Equal(["acme/key-2"], IdpSessionIndex.Live(state, Now).Select(s => s.SessionKey));
    }
}
