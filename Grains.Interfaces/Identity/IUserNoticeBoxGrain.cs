using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>
/// Key <c>{tenant}/{username}</c>: notices left for a user by others, e.g. a security alert for every
/// admin. Separate from the user grain so one user's sign-in can alert another user without calling
/// that user's grain (which might be alerting the first at the same moment). It calls no grain.
/// </summary>
[Alias("kagi.IUserNoticeBoxGrain")]
public interface IUserNoticeBoxGrain : IGrainWithStringKey
{
    /// <summary>Leaves a notice; the newest few are kept. Kagi's own call.</summary>
    [Alias("Add")]
    Task AddAsync(Caller caller, UserNotice notice);

    /// <summary>The notices left for the user, newest first. Read by the user's own grain.</summary>
    [Alias("List")]
    Task<ImmutableArray<UserNotice>> ListAsync(Caller caller);
}
