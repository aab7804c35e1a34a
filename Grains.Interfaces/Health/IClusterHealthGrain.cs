namespace Kagi.Health;

/// <summary>Answers when a silo can activate grains; used by the Frontend's readiness probe.</summary>
[Alias("kagi.IClusterHealthGrain")]
public interface IClusterHealthGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<DateTimeOffset> PingAsync();
}
