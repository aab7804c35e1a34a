namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.LeaseInfo")]
public sealed record LeaseInfo(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Holder,
    [property: Id(2)] DateTimeOffset CheckedOutAt,
    [property: Id(3)] DateTimeOffset Until);
