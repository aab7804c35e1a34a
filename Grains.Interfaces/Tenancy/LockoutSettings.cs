namespace Kagi.Tenancy;

/// <summary>A tenant's answer to guessing: per-account lockout and per-source spraying blocks.</summary>
[GenerateSerializer, Immutable, Alias("kagi.LockoutSettings")]
public sealed record LockoutSettings
{
    /// <summary>Consecutive failures that lock an account (1-100: NIST allows no more than 100).</summary>
    [Id(0)] public int Threshold { get; init; } = 5;

    /// <summary>The first lock's length; each repeat without a success in between doubles it.</summary>
    [Id(1)] public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a lock grows to.</summary>
    [Id(2)] public TimeSpan MaximumDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Distinct usernames failing from one source within the window that block it.</summary>
    [Id(3)] public int SprayUsers { get; init; } = 10;

    [Id(4)] public TimeSpan SprayWindow { get; init; } = TimeSpan.FromMinutes(10);

    [Id(5)] public TimeSpan SprayBlock { get; init; } = TimeSpan.FromMinutes(15);
}
