namespace Kagi.Requests;

/// <summary>
/// What an account needs to know of one request that names it: who asked, how far the decision is,
/// and the window for this account. The request grain pushes it to the account after every change,
/// so a check-out decides from the account's own state and the account never calls a request
/// (which could be waiting on that account at the same moment).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AccessGrant")]
public sealed record AccessGrant(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Requester,
    [property: Id(2)] AccessRequestStatus Status,
    [property: Id(3)] DateTimeOffset? ApprovedAt,
    [property: Id(4)] DateTimeOffset From,
    [property: Id(5)] DateTimeOffset Until)
{
    /// <summary>The grant <paramref name="request"/> gives <paramref name="accountId"/>, or null when it does not name it.</summary>
    public static AccessGrant? Of(AccessRequestInfo request, string accountId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ItemFor(accountId) is { } item
            ? new AccessGrant(request.Id, request.Requester, request.Status, request.ApprovedAt, item.From, item.Until)
            : null;
    }
}
