namespace Kagi.Requests;

[GenerateSerializer, Immutable, Alias("kagi.NewAccessRequest")]
public sealed record NewAccessRequest(
    [property: Id(0)] string AccountId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset Until,
    [property: Id(3)] string Reason);
