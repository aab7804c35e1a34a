using Orleans.Runtime.Messaging;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// Sends a grain call again when the silo it went to was lost (crashed, stopping, unreachable), until the
/// cluster has moved the grain elsewhere. Only for calls that are safe to repeat: a read, or a write that
/// is idempotent by its key (the same call twice leaves what one call leaves). The budget is bounded in
/// attempts and in time, so a cluster that stays down is answered 503 within seconds, not held forever.
/// </summary>
public sealed partial class ClusterRetry(TimeProvider time, ILogger<ClusterRetry> logger, ClusterRetry.Budget budget)
{
    /// <summary>How many attempts and how long in all; the delays double from the first to the longest.</summary>
    public sealed record Budget(int MaximumAttempts, TimeSpan Total, TimeSpan FirstDelay, TimeSpan LongestDelay)
    {
        /// <summary>45 s: a call caught on a silo that crashed mid-call may wait out the full 30 s
        /// response timeout before it fails, and still gets another attempt; the silos' failure
        /// detection (~6–10 s, longer on a starved host) has declared the silo dead by then.</summary>
        public static readonly Budget Default = new(12, TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
    }

    public Task RunAsync(Func<Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(async () =>
        {
            await call();
            return true;
        }, cancellationToken);
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = time.GetTimestamp();
        var delay = budget.FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsSiloLoss(e) && attempt < budget.MaximumAttempts && time.GetElapsedTime(started) + delay <= budget.Total)
            {
                LogRetry(logger, attempt, e.GetType().Name, delay.TotalMilliseconds);
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, budget.LongestDelay.Ticks));
        }
    }

    /// <summary>The failures that say "that silo is gone or going", never what a grain decided.</summary>
    public static bool IsSiloLoss(Exception exception) => exception is SiloUnavailableException
        or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain call attempt {Attempt} lost its silo ({Failure}); trying again in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, string failure, double delayMs);
}
