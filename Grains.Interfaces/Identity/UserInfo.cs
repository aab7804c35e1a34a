using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Immutable, Alias("kagi.UserInfo")]
public sealed record UserInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Username,
    [property: Id(2)] ImmutableArray<string> Roles,
    [property: Id(3)] DateTimeOffset CreatedAt)
{
    [Id(4)] public bool Disabled { get; init; }

    [Id(5)] public bool MfaEnabled { get; init; }

    [Id(6)] public DateTimeOffset? LockedUntil { get; init; }

    [Id(7)] public string? Email { get; init; }

    [Id(8)] public string Locale { get; init; } = UserLocales.English;

    [Id(9)] public ImmutableArray<string> Groups { get; init; } = [];

    /// <summary>The IANA time zone the user reads times in (the console shows every time in it).</summary>
    [Id(10)] public string TimeZone { get; init; } = UserTimeZones.Default;
}
