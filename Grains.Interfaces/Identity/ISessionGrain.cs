namespace Kagi.Identity;

/// <summary>
/// One signed-in session. Key: <c>{tenantId}/{SHA-256 of the token, hex}</c>, so the token itself
/// is never stored.
/// </summary>
[Alias("kagi.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(SessionInfo session);

    /// <summary>The session while it is valid; null once expired, ended or unknown.</summary>
    [Alias("Validate")]
    Task<SessionInfo?> ValidateAsync();

    [Alias("End")]
    Task EndAsync();
}
