using Kagi.Domain.Identity;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

/// <summary>Unknown usernames lock exactly as known ones do, in a table that never grows past its size.</summary>
public sealed class UnknownUsernameLockoutsTests
{
    private static readonly DateTimeOffset Start = new(2030, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly int[] FailureMinutes = [0, 1, 2, 13, 14, 15];
    private static readonly LockoutSettings Settings = new() { Threshold = 3, Duration = TimeSpan.FromMinutes(10), MaximumDuration = TimeSpan.FromHours(1) };

    [Fact]
    public void An_unknown_username_locks_after_as_many_failures_as_a_known_one_for_as_long_and_doubles_the_same_way()
    {
        var policy = new LockoutPolicy(Settings);
        var unknown = new UnknownUsernameLockouts(Settings);
        var known = new LockoutState();
        var table = new UnknownUsernameState();

        // Three failures, a lock, its end, three more: a longer lock.
        var times = FailureMinutes.Select(minutes => Start.AddMinutes(minutes)).ToList();
        var answers = new List<(bool Known, bool Unknown, TimeSpan KnownRetry, TimeSpan UnknownRetry)>();
        foreach (var now in times)
        {
            known = policy.RecordFailure(known, now);
            table = unknown.RecordFailure(table, "nobody", now);
            var entry = UnknownUsernameLockouts.For(table, "nobody");
            answers.Add((policy.IsLocked(known, now), policy.IsLocked(entry, now), policy.RetryAfter(known, now), policy.RetryAfter(entry, now)));
        }

        Assert.All(answers, a => Assert.Equal((a.Known, a.KnownRetry), (a.Unknown, a.UnknownRetry)));
        Assert.Equal([false, false, true, false, false, true], answers.Select(a => a.Unknown));
        Assert.Equal(TimeSpan.FromMinutes(20), answers[^1].UnknownRetry);
        Assert.Equal(known, UnknownUsernameLockouts.For(table, "nobody"));
    }

    [Fact]
    public void Each_username_has_its_own_count()
    {
        var unknown = new UnknownUsernameLockouts(Settings);
        var table = new UnknownUsernameState();
        table = unknown.RecordFailure(table, "nobody", Start);
        table = unknown.RecordFailure(table, "nobody", Start);
        table = unknown.RecordFailure(table, "somebody", Start);

        Assert.Equal(2, UnknownUsernameLockouts.For(table, "nobody").ConsecutiveFailures);
        Assert.Equal(1, UnknownUsernameLockouts.For(table, "somebody").ConsecutiveFailures);
        Assert.Equal(0, UnknownUsernameLockouts.For(table, "NOBODY").ConsecutiveFailures);
    }

    [Fact]
    public void The_table_never_outgrows_its_size_and_a_full_one_drops_the_oldest_unlocked_name_first()
    {
        var unknown = new UnknownUsernameLockouts(Settings, capacity: 3);
        var policy = new LockoutPolicy(Settings);
        var table = new UnknownUsernameState();
        for (var i = 0; i < 3; i++)
        {
            table = unknown.RecordFailure(table, "locked", Start);
        }

        table = unknown.RecordFailure(table, "older", Start.AddMinutes(1));
        table = unknown.RecordFailure(table, "newer", Start.AddMinutes(2));
        table = unknown.RecordFailure(table, "newest", Start.AddMinutes(3));

        Assert.Equal(3, table.Entries.Length);
        Assert.True(policy.IsLocked(UnknownUsernameLockouts.For(table, "locked"), Start.AddMinutes(3)));
        Assert.Equal(0, UnknownUsernameLockouts.For(table, "older").ConsecutiveFailures);
        Assert.Equal(1, UnknownUsernameLockouts.For(table, "newer").ConsecutiveFailures);
        Assert.Equal(1, UnknownUsernameLockouts.For(table, "newest").ConsecutiveFailures);

        for (var i = 0; i < 5000; i++)
        {
            table = unknown.RecordFailure(table, $"spray{i}", Start.AddMinutes(4));
        }

        Assert.Equal(3, table.Entries.Length);
    }

    [Fact]
    public void The_table_keeps_no_username_in_clear()
    {
        var table = new UnknownUsernameLockouts(Settings).RecordFailure(new UnknownUsernameState(), "Typed-My-Password-Here-1", Start);

        Assert.DoesNotContain("Typed-My-Password-Here-1", Assert.Single(table.Entries).UsernameHash, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(32, table.Entries[0].UsernameHash.Length);
    }
}
