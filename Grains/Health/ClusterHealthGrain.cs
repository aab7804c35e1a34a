using Orleans.Concurrency;

namespace Kagi.Health;

[StatelessWorker]
public sealed class ClusterHealthGrain(TimeProvider time) : Grain, IClusterHealthGrain
{
    public Task<DateTimeOffset> PingAsync() => Task.FromResult(time.GetUtcNow());
}
