namespace Kagi.Identity;

/// <summary>What is known about a sign-in when it is scored. Holds hashes, never secrets.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RiskContext")]
public sealed record RiskContext(
    [property: Id(0)] string? IpAddress,
    [property: Id(1)] string? DeviceHash,
    [property: Id(2)] string? UserAgentHash,
    [property: Id(3)] GeoPoint? Location,
    [property: Id(4)] int SourceFailedUsers);
