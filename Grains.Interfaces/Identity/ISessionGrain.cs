namespace Kagi.Identity;

/// <summary>
/// One signed-in session or API token. Key: <c>{tenantId}/{SHA-256 of the token, hex}</c>, so the
/// token itself is never stored. One activation in the whole cluster: once it ends, it ends on every
/// silo at once.
/// </summary>
[Alias("kagi.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(SessionInfo session);

    /// <summary>The session while it is valid; null once expired, idle too long, ended or unknown.
    /// A valid call counts as activity for the idle timeout.</summary>
    [Alias("Validate")]
    Task<SessionInfo?> ValidateAsync();

    [Alias("End")]
    Task EndAsync();
}
