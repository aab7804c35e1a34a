namespace Kagi.Vault;

/// <summary>A data key encrypted under key-encryption key <see cref="KekId"/>; useless without it.</summary>
[GenerateSerializer, Immutable, Alias("kagi.WrappedDataKey")]
public sealed record WrappedDataKey(
    [property: Id(0)] int Id,
    [property: Id(1)] int KekId,
    [property: Id(2)] byte[] Wrapped);
