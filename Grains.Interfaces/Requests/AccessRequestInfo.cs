namespace Kagi.Requests;

[GenerateSerializer, Immutable, Alias("kagi.AccessRequestInfo")]
public sealed record AccessRequestInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string Requester,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset Until,
    [property: Id(5)] string Reason,
    [property: Id(6)] AccessRequestStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DecisionInfo? Decision);
