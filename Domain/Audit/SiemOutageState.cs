namespace Kagi.Domain.Audit;

/// <summary>A SIEM destination failing since <see cref="Since"/> (no success in between); <see cref="Told"/>: the admins were told.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.SiemOutage")]
public sealed record SiemOutageState(
    [property: Id(0)] DateTimeOffset Since,
    [property: Id(1)] bool Told);
