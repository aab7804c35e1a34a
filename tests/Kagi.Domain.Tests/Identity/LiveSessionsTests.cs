using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class LiveSessionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static (string Key, DateTimeOffset ExpiresAt) Session(string key, int minutesLeft) => (key, Now.AddMinutes(minutesLeft));

    private static (ImmutableArray<(string Key, DateTimeOffset ExpiresAt)> Kept, ImmutableArray<(string Key, DateTimeOffset ExpiresAt)> Ending) Admit(
        ImmutableArray<(string Key, DateTimeOffset ExpiresAt)> current, (string Key, DateTimeOffset ExpiresAt) added, int maximum) =>
        LiveSessions.Admit(current, added, s => s.ExpiresAt, Now, maximum);

    [Fact]
    public void Under_the_limit_every_live_session_is_kept_and_the_expired_ones_are_dropped_without_ending()
    {
        var (kept, ending) = Admit([Session("a", 30), Session("old", -1), Session("b", 10)], Session("new", 60), 3);

        Assert.Equal(["b", "a", "new"], kept.Select(s => s.Key));
        Assert.Empty(ending);
    }

    [Fact]
    public void Over_the_limit_the_sessions_that_would_expire_first_are_ended_and_the_new_one_is_kept()
    {
        var (kept, ending) = Admit([Session("late", 50), Session("soon", 5), Session("mid", 20), Session("gone", 0)], Session("new", 1), 2);

        Assert.Equal(["late", "new"], kept.Select(s => s.Key));
        Assert.Equal(["soon", "mid"], ending.Select(s => s.Key));
    }

    [Fact]
    public void The_limit_holds_after_any_number_of_sign_ins()
    {
        ImmutableArray<(string Key, DateTimeOffset ExpiresAt)> sessions = [];
        var ended = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            var (kept, ending) = LiveSessions.Admit(sessions, Session($"s{i}", 600 + i), s => s.ExpiresAt, Now);
            sessions = kept;
            ended.AddRange(ending.Select(s => s.Key));
        }

        Assert.Equal(LiveSessions.MaximumLive, sessions.Length);
        Assert.Equal(Enumerable.Range(150, 100).Select(i => $"s{i}"), sessions.Select(s => s.Key));
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"s{i}"), ended);
    }
}
