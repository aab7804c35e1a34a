using Kagi.Domain.Identity;
using Kagi.Tenancy;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class SprayGuardTests
{
    private static readonly DateTimeOffset Start = new(2030, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SprayGuard _guard = new(new LockoutSettings { SprayUsers = 3, SprayWindow = TimeSpan.FromMinutes(10), SprayBlock = TimeSpan.FromMinutes(15) });

    [Fact]
    public void Failures_against_many_usernames_block_the_source()
    {
        var state = new SprayState();
        state = _guard.RecordFailure(state, "alice", Start);
        state = _guard.RecordFailure(state, "bob", Start.AddMinutes(1));
        Assert.False(_guard.IsBlocked(state, Start.AddMinutes(1)));

        state = _guard.RecordFailure(state, "carol", Start.AddMinutes(2));

        Assert.True(_guard.IsBlocked(state, Start.AddMinutes(2)));
        Assert.Equal(TimeSpan.FromMinutes(15), _guard.RetryAfter(state, Start.AddMinutes(2)));
        Assert.False(_guard.IsBlocked(state, Start.AddMinutes(17)));
    }

    [Fact]
    public void Repeated_failures_against_one_username_are_the_lockout_s_business_not_spraying()
    {
        var state = new SprayState();
        for (var i = 0; i < 20; i++)
        {
            state = _guard.RecordFailure(state, "alice", Start.AddSeconds(i));
        }

        Assert.False(_guard.IsBlocked(state, Start.AddSeconds(20)));
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten()
    {
        var state = _guard.RecordFailure(new SprayState(), "alice", Start);
        state = _guard.RecordFailure(state, "bob", Start.AddMinutes(1));

        state = _guard.RecordFailure(state, "carol", Start.AddMinutes(10.5));

        Assert.False(_guard.IsBlocked(state, Start.AddMinutes(10.5)));
        Assert.Equal(2, state.Failures.Length);
    }

    [Fact]
    public void Usernames_are_kept_only_as_hashes() =>
        Assert.DoesNotContain("alice", _guard.RecordFailure(new SprayState(), "alice", Start).Failures[0].UsernameHash, StringComparison.OrdinalIgnoreCase);
}
