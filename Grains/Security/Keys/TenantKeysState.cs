using System.Collections.Immutable;
using Kagi.Vault;

namespace Kagi.Security.Keys;

[GenerateSerializer, Alias("kagi.state.TenantKeys")]
public sealed record TenantKeysState
{
    [Id(0)] public ImmutableArray<DataKeyRecord> Keys { get; init; } = [];
    [Id(1)] public int CurrentId { get; init; }
    [Id(2)] public bool Reencrypting { get; init; }
    [Id(3)] public int LastReencryptedObjects { get; init; }
}

[GenerateSerializer, Immutable, Alias("kagi.state.DataKey")]
public sealed record DataKeyRecord(
    [property: Id(0)] int Id,
    [property: Id(1)] int KekId,
    [property: Id(2)] byte[] Wrapped,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? RetiredAt)
{
    public WrappedDataKey ToWrapped() => new(Id, KekId, Wrapped);

    public DataKeyInfo ToInfo() => new(Id, KekId, CreatedAt, RetiredAt);
}
