namespace Kagi.Connectors;

/// <summary>A connector that can create and remove accounts, for one-time (just-in-time) accounts.</summary>
public interface IOneTimeAccounts
{
    /// <summary>Creates <paramref name="username"/> with <paramref name="password"/>. An account of that name that
    /// already exists is never taken over: that throws <see cref="TargetUnavailableException"/>, so pick a new name.</summary>
    Task CreateAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string password, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="username"/>, or disables it when the target cannot remove it. Idempotent:
    /// an account that is already gone is <see cref="AccountRemoval.AlreadyAbsent"/>, so a retried cleanup succeeds.</summary>
    Task<AccountRemoval> RemoveAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, CancellationToken cancellationToken);
}
