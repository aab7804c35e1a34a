using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using MediatR;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>Grain calls are sent again on a lost silo only when repeating them is safe, and only within the budget.</summary>
public sealed class ClusterRetryTests
{
    public sealed record Read : IRequest<int>, IIdempotentRequest;

    public sealed record Write : IRequest<int>;

    private static readonly ClusterRetry.Budget Quick = new(4, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4));

    private static ClusterRetry Retry(ClusterRetry.Budget? budget = null) => new(TimeProvider.System, NullLogger<ClusterRetry>.Instance, budget ?? Quick);

    [Fact]
    public async Task A_call_that_lost_its_silo_is_sent_again_until_it_succeeds()
    {
        var attempts = 0;

        var result = await Retry().RunAsync(() => ++attempts < 3 ? throw new SiloUnavailableException() : Task.FromResult(42), CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task What_a_grain_decided_is_never_sent_again()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<KagiException>(() => Retry().RunAsync<int>(() => { attempts++; throw new KagiException(ProblemCode.AlreadyExists, "exists"); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task The_attempts_are_bounded_and_the_last_loss_is_what_the_caller_sees()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => Retry().RunAsync<int>(() => { attempts++; throw new TimeoutException(); }, CancellationToken.None));

        Assert.Equal(Quick.MaximumAttempts, attempts);
    }

    [Fact]
    public async Task The_time_is_bounded_whatever_the_attempts_left()
    {
        var attempts = 0;
        var slow = new ClusterRetry.Budget(100, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Retry(slow).RunAsync<int>(() => { attempts++; throw new SiloUnavailableException(); }, CancellationToken.None));

        Assert.InRange(attempts, 2, 4);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task The_behavior_repeats_an_idempotent_request_and_never_one_that_is_not()
    {
        var reads = 0;
        var writes = 0;

        var read = await new ClusterRetryBehavior<Read, int>(Retry()).Handle(new Read(), CancellationToken.None,
            () => ++reads < 2 ? throw new TimeoutException() : Task.FromResult(7));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => new ClusterRetryBehavior<Write, int>(Retry()).Handle(new Write(), CancellationToken.None,
            () => { writes++; throw new SiloUnavailableException(); }));

        Assert.Equal(7, read);
        Assert.Equal(2, reads);
        Assert.Equal(1, writes);
    }
}
