using System.Globalization;
using Kagi.Tenancy;

namespace Kagi.Frontend.Features.Settings;

/// <summary>Lockout settings over HTTP: durations in whole seconds.</summary>
public sealed record LockoutBody(int Threshold, int DurationSeconds, int MaximumDurationSeconds, int SprayUsers, int SprayWindowSeconds, int SprayBlockSeconds)
{
    public static LockoutBody From(LockoutSettings s) => new(s.Threshold, Seconds(s.Duration), Seconds(s.MaximumDuration), s.SprayUsers, Seconds(s.SprayWindow), Seconds(s.SprayBlock));

    public LockoutSettings ToSettings() => new()
    {
        Threshold = Threshold,
        Duration = TimeSpan.FromSeconds(DurationSeconds),
        MaximumDuration = TimeSpan.FromSeconds(MaximumDurationSeconds),
        SprayUsers = SprayUsers,
        SprayWindow = TimeSpan.FromSeconds(SprayWindowSeconds),
        SprayBlock = TimeSpan.FromSeconds(SprayBlockSeconds),
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"threshold {Threshold}, duration {DurationSeconds}s, max {MaximumDurationSeconds}s, spray {SprayUsers} users/{SprayWindowSeconds}s block {SprayBlockSeconds}s");

    private static int Seconds(TimeSpan span) => (int)span.TotalSeconds;
}

/// <summary>Session settings over HTTP: minutes.</summary>
public sealed record SessionsBody(int LifetimeMinutes, int IdleMinutes)
{
    public static SessionsBody From(SessionSettings s) => new((int)s.Lifetime.TotalMinutes, (int)s.IdleTimeout.TotalMinutes);

    public SessionSettings ToSettings() => new() { Lifetime = TimeSpan.FromMinutes(LifetimeMinutes), IdleTimeout = TimeSpan.FromMinutes(IdleMinutes) };
}

/// <summary>Adaptive-authentication settings over HTTP: the half-life in seconds.</summary>
public sealed record AdaptiveAuthBody(bool Enabled, int StepUpScore = 40, int BlockScore = 80, string TimeZone = "UTC", int DecayHalfLifeSeconds = 3600)
{
    public static AdaptiveAuthBody From(AdaptiveAuthSettings s) => new(s.Enabled, s.StepUpScore, s.BlockScore, s.TimeZone, (int)s.DecayHalfLife.TotalSeconds);

    public AdaptiveAuthSettings ToSettings() => new()
    {
        Enabled = Enabled, StepUpScore = StepUpScore, BlockScore = BlockScore, TimeZone = TimeZone, DecayHalfLife = TimeSpan.FromSeconds(DecayHalfLifeSeconds),
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"enabled {Enabled}, step-up {StepUpScore}, block {BlockScore}, time zone {TimeZone}, half-life {DecayHalfLifeSeconds}s");
}
