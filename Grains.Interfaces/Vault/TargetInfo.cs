namespace Kagi.Vault;

/// <summary>A target's metadata; never its admin password.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetInfo")]
public sealed record TargetInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Host,
    [property: Id(3)] int Port,
    [property: Id(4)] string? Database,
    [property: Id(5)] string AdminUsername,
    [property: Id(6)] DateTimeOffset CreatedAt)
{
    /// <summary>LDAP: the users' base DN, when registered.</summary>
    [Id(7)] public string? BaseDn { get; init; }

    /// <summary>SSH: the sshd log read for login events, when registered.</summary>
    [Id(8)] public string? AuthLogPath { get; init; }

    /// <summary>SSH: the pinned host key fingerprint (<c>SHA256:…</c>): the one given at registration, or the one
    /// the server presented at registration's login (trust on first use), or the one an admin re-pinned.</summary>
    [Id(9)] public string? HostKeySha256 { get; init; }

    /// <summary>LDAP: how the connection is protected.</summary>
    [Id(10)] public TargetTls Tls { get; init; }

    [Id(11)] public TargetPasswordRules? PasswordRules { get; init; }

    /// <summary>The pacing of Kagi's rotations and heartbeats on this target.</summary>
    [Id(12)] public TargetRateLimit RateLimit { get; init; } = TargetRateLimit.Default;

    /// <summary><c>active</c>, or <c>host-key-mismatch</c> when the SSH server presented another key than the pin
    /// and Kagi stopped using the target until an admin re-pins.</summary>
    [Id(13)] public string Status { get; init; } = Active;

    /// <summary>SSH: the host key the server presented instead of the pin, while <see cref="Status"/> is <c>host-key-mismatch</c>.</summary>
    [Id(14)] public string? PresentedHostKeySha256 { get; init; }

    /// <summary>PostgreSQL: TLS and how its certificate is checked.</summary>
    [Id(15)] public TargetSslMode SslMode { get; init; }

    /// <summary>The target's own CA certificates (PEM), when given: PostgreSQL's chain must end at them; LDAP over TLS trusts them too.</summary>
    [Id(16)] public string? CaCertificate { get; init; }

    public const string Active = "active";
    public const string HostKeyMismatch = "host-key-mismatch";
}
