using Kagi.Domain.Identity;
using Kagi.Identity;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class SessionClockTests
{
    private static readonly DateTimeOffset Start = new(2030, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly SessionInfo Session = new("acme", "bob", ["user"], Start.AddHours(8)) { IdleTimeout = TimeSpan.FromMinutes(30) };

    [Fact]
    public void A_session_used_regularly_lasts_until_it_expires()
    {
        Assert.True(SessionClock.IsValid(Session, Start.AddHours(7), Start.AddHours(7).AddMinutes(29)));
        Assert.False(SessionClock.IsValid(Session, Start.AddHours(8).AddMinutes(-1), Start.AddHours(8)));
    }

    [Fact]
    public void A_session_left_idle_longer_than_its_idle_timeout_stops_working() =>
        Assert.False(SessionClock.IsValid(Session, Start, Start.AddMinutes(30)));

    [Fact]
    public void An_api_token_has_no_idle_timeout_only_an_expiry()
    {
        var token = Session with { IdleTimeout = null, ApiTokenId = "t1" };

        Assert.True(SessionClock.IsValid(token, Start, Start.AddHours(7)));
        Assert.False(SessionClock.IsValid(token, Start, Start.AddHours(8)));
    }

    [Fact]
    public void Activity_is_written_at_most_every_quarter_of_the_idle_timeout()
    {
        Assert.False(SessionClock.ShouldPersistLastSeen(Session, Start, Start.AddSeconds(59)));
        Assert.True(SessionClock.ShouldPersistLastSeen(Session, Start, Start.AddMinutes(1)));
    }
}
