namespace Kagi.Requests;

/// <summary>
/// A user's request to use one privileged account for a time window. Key: <c>{tenantId}/{requestId}</c>.
/// </summary>
[Alias("kagi.IAccessRequestGrain")]
public interface IAccessRequestGrain : IGrainWithStringKey
{
    [Alias("Submit")]
    Task<AccessRequestInfo> SubmitAsync(Caller caller, NewAccessRequest request);

    /// <summary>Approves; refused for the requester themself, whatever roles they hold.</summary>
    [Alias("Approve")]
    Task<AccessRequestInfo> ApproveAsync(Caller caller, string? comment);

    [Alias("Reject")]
    Task<AccessRequestInfo> RejectAsync(Caller caller, string reason);

    /// <summary>The request as its requester, an approver, an admin or an auditor sees it.</summary>
    [Alias("Get")]
    Task<AccessRequestInfo> GetAsync(Caller caller);
}
