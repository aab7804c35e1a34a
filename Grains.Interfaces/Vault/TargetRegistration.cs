namespace Kagi.Vault;

[GenerateSerializer, Immutable, Alias("kagi.TargetRegistration")]
public sealed record TargetRegistration(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Host,
    [property: Id(2)] int Port,
    [property: Id(3)] string? Database,
    [property: Id(4)] string AdminUsername,
    [property: Id(5)] string AdminPassword)
{
    /// <summary>LDAP: where users live; a bare username <c>u</c> means <c>uid=u,&lt;BaseDn&gt;</c>. Falls back to <see cref="Database"/>.</summary>
    [Id(6)] public string? BaseDn { get; init; }

    /// <summary>SSH: absolute path of the sshd log read for login events (e.g. <c>/var/log/auth.log</c>).</summary>
    [Id(7)] public string? AuthLogPath { get; init; }

    /// <summary>SSH: the expected host key's SHA-256 fingerprint as <c>ssh-keygen -l</c> prints it; null accepts any.</summary>
    [Id(8)] public string? HostKeySha256 { get; init; }

    /// <summary>LDAP: ldaps, StartTLS or none. The server certificate must name the host and chain to
    /// <see cref="CaCertificate"/> (for this target only) or to libldap's trusted CAs (<c>TLS_CACERT</c> in ldap.conf).</summary>
    [Id(9)] public TargetTls Tls { get; init; }

    /// <summary>The target's own password rules; null when it has none beyond the accounts' rules.</summary>
    [Id(10)] public TargetPasswordRules? PasswordRules { get; init; }

    /// <summary>How fast Kagi's rotations and heartbeats may hit the target; null for <see cref="TargetRateLimit.Default"/>.</summary>
    [Id(11)] public TargetRateLimit? RateLimit { get; init; }

    /// <summary>PostgreSQL: TLS and how its certificate is checked (the API takes <see cref="TargetSslMode.VerifyFull"/>
    /// when only a <see cref="CaCertificate"/> is given).</summary>
    [Id(12)] public TargetSslMode SslMode { get; init; }

    /// <summary>The target's own CA (PEM certificates; a private CA need not be trusted machine-wide). PostgreSQL: they
    /// alone anchor the server's chain under a verifying <see cref="SslMode"/>; null trusts the system's roots. LDAP with
    /// <see cref="Tls"/>: trusted for this target's connections. Not a secret.</summary>
    [Id(13)] public string? CaCertificate { get; init; }

    public override string ToString() =>
        $"TargetRegistration {{ Kind = {Kind}, Host = {Host}, Port = {Port}, Database = {Database}, AdminUsername = {AdminUsername}, BaseDn = {BaseDn}, AuthLogPath = {AuthLogPath} }}";
}
