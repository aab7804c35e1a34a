namespace Kagi.Identity;

/// <summary>
/// Lockout counters for usernames that have no user, so that an unknown name answers a run of wrong
/// passwords exactly as a real one does (401, then 423 with Retry-After). A fixed-size table per
/// tenant. Key: the tenant id. Called by user grains only; it calls nothing back.
/// </summary>
[Alias("kagi.IUnknownUsernamesGrain")]
public interface IUnknownUsernamesGrain : IGrainWithStringKey
{
    /// <summary>How long <paramref name="username"/> stays locked, or null when it is not.</summary>
    [Alias("LockedFor")]
    Task<TimeSpan?> LockedForAsync(string username);

    /// <summary>Counts a failed sign-in as <paramref name="username"/>; returns the lock it caused, if any.</summary>
    [Alias("RecordFailure")]
    Task<TimeSpan?> RecordFailureAsync(string username);
}
