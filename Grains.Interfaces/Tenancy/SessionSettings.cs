namespace Kagi.Tenancy;

/// <summary>How long a session lasts, and how long it may sit unused.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SessionSettings")]
public sealed record SessionSettings
{
    [Id(0)] public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(8);

    [Id(1)] public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);
}
