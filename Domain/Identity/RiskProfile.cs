using System.Collections.Immutable;
using Kagi.Identity;

namespace Kagi.Domain.Identity;

/// <summary>A user's sign-in habits and carried suspicion, kept in the user's state (earlier versions: the risk-profile grain's).</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.RiskProfile")]
public sealed record RiskProfile
{
    /// <summary>Known /24 (IPv4) and /48 (IPv6) subnets.</summary>
    [Id(0)] public ImmutableArray<string> Subnets { get; init; } = [];

    /// <summary>Hashes of device tokens seen on completed sign-ins.</summary>
    [Id(1)] public ImmutableArray<string> Devices { get; init; } = [];

    [Id(2)] public ImmutableArray<string> UserAgents { get; init; } = [];

    /// <summary>Completed sign-ins by hour of day in the tenant's time zone.</summary>
    [Id(3)] public ImmutableArray<int> Hours { get; init; } = [.. new int[24]];

    /// <summary>Recent failures, for velocity.</summary>
    [Id(4)] public ImmutableArray<DateTimeOffset> Failures { get; init; } = [];

    /// <summary>Suspicion carried from earlier failures and refusals, decaying with time.</summary>
    [Id(5)] public double Score { get; init; }

    [Id(6)] public DateTimeOffset ScoreAt { get; init; }

    [Id(7)] public GeoPoint? LastLocation { get; init; }

    [Id(8)] public DateTimeOffset? LastSignInAt { get; init; }

    [Id(9)] public int SignIns { get; init; }
}
