namespace Kagi.Vault;

/// <summary>An account as the target itself lists it.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetAccount")]
public sealed record TargetAccount(
    [property: Id(0)] string Username,
    [property: Id(1)] bool CanLogIn,
    [property: Id(2)] string? Detail);
