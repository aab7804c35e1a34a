namespace Kagi.Vault;

/// <summary>Either a fixed interval or a cron expression, evaluated in <see cref="TimeZone"/> (IANA id, default UTC).</summary>
[GenerateSerializer, Immutable, Alias("kagi.RotationScheduleSpec")]
public sealed record RotationScheduleSpec(
    [property: Id(0)] TimeSpan? Every,
    [property: Id(1)] string? Cron,
    [property: Id(2)] string? TimeZone);
