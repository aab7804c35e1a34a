namespace Kagi.Connectors;

/// <summary>A connector that can give an account it created further rights, for one-time accounts' grants.</summary>
public interface IAccountGrants
{
    /// <summary>Grants every one of <paramref name="grants"/> (target-specific names, e.g. PostgreSQL roles) to
    /// <paramref name="username"/>. Idempotent. Failures throw <see cref="TargetUnavailableException"/>.</summary>
    Task GrantAsync(TargetEndpoint endpoint, TargetCredential admin, string username, IReadOnlyList<string> grants, CancellationToken cancellationToken);
}
