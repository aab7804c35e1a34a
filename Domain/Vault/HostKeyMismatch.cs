namespace Kagi.Domain.Vault;

/// <summary>An SSH target presented a host key other than its pin: <paramref name="Presented"/>, first seen at
/// <paramref name="DetectedAt"/>. While it is set, Kagi does not connect to the target at all.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.HostKeyMismatch")]
public sealed record HostKeyMismatch(
    [property: Id(0)] string Presented,
    [property: Id(1)] DateTimeOffset DetectedAt);
