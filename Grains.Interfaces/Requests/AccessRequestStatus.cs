namespace Kagi.Requests;

[GenerateSerializer, Alias("kagi.AccessRequestStatus")]
public enum AccessRequestStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,

    /// <summary>Its window closed before a decision, or after approval.</summary>
    Expired = 3,
}
