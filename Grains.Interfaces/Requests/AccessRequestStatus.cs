namespace Kagi.Requests;

[GenerateSerializer, Alias("kagi.AccessRequestStatus")]
public enum AccessRequestStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,

    /// <summary>Undecided by its deadline, or its window has closed after approval.</summary>
    Expired = 3,

    /// <summary>An admin ended it early; its accounts were checked in and rotated.</summary>
    Revoked = 4,
}
