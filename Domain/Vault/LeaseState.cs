namespace Kagi.Domain.Vault;

/// <summary>Who holds a checked-out account, under which request, until when.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.Lease")]
public sealed record LeaseState(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Holder,
    [property: Id(2)] DateTimeOffset CheckedOutAt,
    [property: Id(3)] DateTimeOffset Until);
