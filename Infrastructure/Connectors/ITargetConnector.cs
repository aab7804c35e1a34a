using Kagi.Egress;
using Kagi.Vault;

namespace Kagi.Connectors;

/// <summary>
/// Talks to one kind of target system (PostgreSQL, SSH, LDAP…) on behalf of the vault.
/// Implementations never log or put passwords into exception messages.
/// </summary>
public interface ITargetConnector
{
    /// <summary>The target kind this connector serves, e.g. <c>postgres</c>.</summary>
    string Kind { get; }

    /// <summary>True when <paramref name="username"/> can sign in with <paramref name="password"/>;
    /// false when the target refuses the credential. Unreachable targets throw <see cref="TargetUnavailableException"/>.</summary>
    Task<bool> VerifyLoginAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken);

    /// <summary>Sets the password of <paramref name="username"/> using the target's admin credential.</summary>
    Task ChangePasswordAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string newPassword, CancellationToken cancellationToken);
}

/// <summary>Where a target lives. Holds no secret.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="Database">PostgreSQL: the database to connect to. LDAP: the users' base DN when <see cref="BaseDn"/> is not set.</param>
public sealed record TargetEndpoint(string Host, int Port, string? Database)
{
    /// <summary>LDAP: where users live (e.g. <c>ou=people,dc=example,dc=org</c>); a bare username <c>u</c> means <c>uid=u,&lt;BaseDn&gt;</c>.</summary>
    public string? BaseDn { get; init; }

    /// <summary>SSH: absolute path of the sshd log read for login events (e.g. <c>/var/log/auth.log</c>).</summary>
    public string? AuthLogPath { get; init; }

    /// <summary>SSH: the expected host key, as the SHA-256 fingerprint <c>ssh-keygen -l</c> prints (with or without
    /// the <c>SHA256:</c> prefix). Null accepts any host key (only registration's first login, which records it).</summary>
    public string? HostKeySha256 { get; init; }

    /// <summary>LDAP: ldaps or StartTLS (certificate checked against <see cref="CaCertificate"/> and libldap's trusted CAs); SSH ignores it.</summary>
    public TargetTls Tls { get; init; }

    /// <summary>The only way a connector reaches the target: resolves the host and connects to an address the
    /// tenant's egress policy allows. The default allows the public internet only.</summary>
    public EgressGate Egress { get; init; } = EgressGate.Default;

    /// <summary>PostgreSQL: TLS (none, or verified against <see cref="CaCertificate"/> or the system's roots).</summary>
    public TargetSslMode SslMode { get; init; }

    /// <summary>PEM CA certificates of the target's own. PostgreSQL: they alone anchor the server's chain (null: the
    /// system's roots). LDAP over TLS: trusted for this target's connections besides libldap's own CAs.</summary>
    public string? CaCertificate { get; init; }

    /// <summary>SSH: where the connector notes each of its own logins, so usage reconciliation does not
    /// report them as use without approval. Null notes nothing.</summary>
    public IOwnLoginJournal? OwnLogins { get; init; }
}

/// <summary>A decrypted credential, alive only for the duration of one connector call.</summary>
public sealed record TargetCredential(string Username, string Password)
{
    // Keep the password out of accidental ToString() in logs and exceptions.
    public override string ToString() => $"TargetCredential {{ Username = {Username}, Password = *** }}";
}
