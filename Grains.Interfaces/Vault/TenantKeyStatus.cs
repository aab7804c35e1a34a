using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>Which data key is current, which KEK wraps each key, and whether re-encryption is still running.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TenantKeyStatus")]
public sealed record TenantKeyStatus(
    [property: Id(0)] int CurrentKeyId,
    [property: Id(1)] ImmutableArray<DataKeyInfo> Keys,
    [property: Id(2)] bool Reencrypting,
    [property: Id(3)] int LastReencryptedObjects);

[GenerateSerializer, Immutable, Alias("kagi.DataKeyInfo")]
public sealed record DataKeyInfo(
    [property: Id(0)] int Id,
    [property: Id(1)] int KekId,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? RetiredAt);
