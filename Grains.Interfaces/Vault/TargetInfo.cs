namespace Kagi.Vault;

/// <summary>A target's metadata; never its admin password.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetInfo")]
public sealed record TargetInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Host,
    [property: Id(3)] int Port,
    [property: Id(4)] string? Database,
    [property: Id(5)] string AdminUsername,
    [property: Id(6)] DateTimeOffset CreatedAt);
