namespace Kagi.Vault;

/// <summary>How hard Kagi's own maintenance (rotations, heartbeats) may press one target: on average
/// <see cref="PerMinute"/> operations a minute, at most <see cref="Burst"/> back to back.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetRateLimit")]
public sealed record TargetRateLimit
{
    /// <summary>300 a minute (5 a second), 5 at once.</summary>
    public static TargetRateLimit Default { get; } = new();

    [Id(0)] public int PerMinute { get; init; } = 300;
    [Id(1)] public int Burst { get; init; } = 5;
}
