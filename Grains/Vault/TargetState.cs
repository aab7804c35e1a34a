namespace Kagi.Vault;

[GenerateSerializer, Alias("kagi.state.Target")]
public sealed record TargetState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string Kind { get; init; } = "";
    [Id(2)] public string Host { get; init; } = "";
    [Id(3)] public int Port { get; init; }
    [Id(4)] public string? Database { get; init; }
    [Id(5)] public string AdminUsername { get; init; } = "";

    /// <summary>The admin password, sealed with AES-256-GCM.</summary>
    [Id(6)] public byte[] AdminSecret { get; init; } = [];
    [Id(7)] public DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public string? BaseDn { get; init; }
    [Id(9)] public string? AuthLogPath { get; init; }
    [Id(10)] public string? HostKeySha256 { get; init; }
    [Id(11)] public TargetTls Tls { get; init; }
    [Id(12)] public TargetPasswordRules? PasswordRules { get; init; }
    [Id(13)] public TargetRateLimit? RateLimit { get; init; }

    /// <summary>SSH: set when the server presented another host key than <see cref="HostKeySha256"/>; every
    /// use of the target is refused until an admin re-pins.</summary>
    [Id(14)] public Kagi.Domain.Vault.HostKeyMismatch? HostKeyMismatch { get; init; }

    /// <summary>PostgreSQL: TLS and certificate checking (targets stored before it existed read <see cref="TargetSslMode.Disable"/>).</summary>
    [Id(15)] public TargetSslMode SslMode { get; init; }

    /// <summary>The target's own CA certificates (PEM): PostgreSQL's chain must end at them (null: the system's roots); LDAP over TLS trusts them too.</summary>
    [Id(16)] public string? CaCertificate { get; init; }
}
