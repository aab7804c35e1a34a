namespace Kagi.Identity;

/// <summary>Something the user should know about their account, e.g. that a used code was replayed.</summary>
[GenerateSerializer, Immutable, Alias("kagi.UserNotice")]
public sealed record UserNotice(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Message,
    [property: Id(3)] string? IpAddress);
