namespace Kagi.Connectors;

/// <summary>A connector whose servers identify themselves by a host key (SSH), for trust on first use.</summary>
public interface IHostKeyReader
{
    /// <summary>Like <see cref="ITargetConnector.VerifyLoginAsync"/>, and also says which host key the server presented.
    /// With a pin on <paramref name="endpoint"/> another key throws <see cref="HostKeyMismatchException"/>.</summary>
    Task<HostKeyLogin> VerifyLoginReadingHostKeyAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken);
}

/// <summary>Whether the login worked, and the server's host key fingerprint (<c>SHA256:…</c>).</summary>
public sealed record HostKeyLogin(bool LoggedIn, string HostKeySha256);
