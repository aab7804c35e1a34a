namespace Kagi.Requests;

/// <summary>
/// A user's request to use privileged accounts for a time window; it owns its lifecycle and its
/// timers (expiry, window end, escalation, report reminders). Key: <c>{tenantId}/{requestId}</c>.
/// </summary>
[Alias("kagi.IAccessRequestGrain")]
public interface IAccessRequestGrain : IGrainWithStringKey
{
    [Alias("Submit")]
    Task<AccessRequestInfo> SubmitAsync(Caller caller, NewAccessRequest request);

    /// <summary>Break-glass: access at once under a workflow that allows it; approval comes afterwards.</summary>
    [Alias("SubmitEmergency")]
    Task<AccessRequestInfo> SubmitEmergencyAsync(Caller caller, NewAccessRequest request);

    /// <summary>Approves the current step (or the pending extension); refused for the requester
    /// themself, whatever roles they hold, and for anyone who decided another step.</summary>
    [Alias("Approve")]
    Task<AccessRequestInfo> ApproveAsync(Caller caller, string? comment);

    [Alias("Reject")]
    Task<AccessRequestInfo> RejectAsync(Caller caller, string reason);

    /// <summary>The request as its requester, an approver, an admin or an auditor sees it.</summary>
    [Alias("Get")]
    Task<AccessRequestInfo> GetAsync(Caller caller);

    /// <summary>The requester's other requests in the tenant, newest first, with counts by outcome; for whoever
    /// may read this request.</summary>
    [Alias("RequesterHistory")]
    Task<RequesterHistory> RequesterHistoryAsync(Caller caller);

    /// <summary>The requester asks to move the end of the approved window; it needs approval again.</summary>
    [Alias("Extend")]
    Task<AccessRequestInfo> ExtendAsync(Caller caller, DateTimeOffset until, string reason);

    /// <summary>An admin ends access now: every account is checked in and rotated.</summary>
    [Alias("Revoke")]
    Task<AccessRequestInfo> RevokeAsync(Caller caller, string reason);

    /// <summary>The requester files the post-work report.</summary>
    [Alias("FileReport")]
    Task<AccessRequestInfo> FileReportAsync(Caller caller, string text);

    /// <summary>An approver (never the requester) accepts the post-work report.</summary>
    [Alias("ApproveReport")]
    Task<AccessRequestInfo> ApproveReportAsync(Caller caller);

    /// <summary>Throws why <paramref name="caller"/> may not check out <paramref name="accountId"/> under this request
    /// now (someone else's request, not approved, outside its window, or not for that account); returns when nothing
    /// in the request stands in the way. Accounts store a request only once it is approved, so the check-out asks
    /// this for a request its account does not know. Reads only.</summary>
    [Alias("EnsureMayCheckOut")]
    Task EnsureMayCheckOutAsync(Caller caller, string accountId);

    /// <summary>Writes this request's rows of the tenant's request index again (Kagi only, for a rebuild); false
    /// when the request does not exist.</summary>
    [Alias("ReportToIndex")]
    Task<bool> ReportToIndexAsync(Caller caller);
}
