namespace Kagi.Identity;

/// <summary>
/// Failed sign-ins from one IP address to one tenant, to catch password spraying.
/// Key: <c>{tenantId}/{ip address}</c>. Called by user grains only.
/// </summary>
[Alias("kagi.ISignInSourceGrain")]
public interface ISignInSourceGrain : IGrainWithStringKey
{
    /// <summary>How long the source stays blocked, or null when it is not.</summary>
    [Alias("BlockedFor")]
    Task<TimeSpan?> BlockedForAsync();

    /// <summary>How many different usernames failed from this source within the spraying window.</summary>
    [Alias("FailedUsers")]
    Task<int> FailedUsersAsync();

    /// <summary>Records a failure against <paramref name="username"/>; returns the block it caused, if any.</summary>
    [Alias("RecordFailure")]
    Task<TimeSpan?> RecordFailureAsync(string username);
}
