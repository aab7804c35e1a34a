namespace Kagi.Connectors;

/// <summary>A connector that can list the accounts a target holds, for discovery (inventory).</summary>
public interface IAccountDiscovery
{
    /// <summary>Every account on the target, with the admin credential. Unreachable targets and refused
    /// admin credentials throw <see cref="TargetUnavailableException"/>.</summary>
    Task<IReadOnlyList<DiscoveredAccount>> ListAccountsAsync(TargetEndpoint endpoint, TargetCredential admin, CancellationToken cancellationToken);
}
