namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.CheckinResult")]
public sealed record CheckinResult(
    [property: Id(0)] DateTimeOffset CheckedInAt,
    [property: Id(1)] RotationResult Rotation);
