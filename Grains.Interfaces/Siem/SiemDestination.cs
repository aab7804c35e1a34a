namespace Kagi.Siem;

/// <summary>
/// Where a tenant's audit events stream: <see cref="SiemKinds.Syslog"/> (RFC 5424 over TCP, with TLS
/// when <see cref="Tls"/>, to <see cref="Host"/>:<see cref="Port"/>) or <see cref="SiemKinds.Http"/>
/// (JSON Lines POSTed to <see cref="Url"/>). Over TLS (syslog with <see cref="Tls"/>, or an https URL) the
/// server's certificate must be valid for the host and chain to the system's trusted roots, or, when
/// <see cref="CaCertificate"/> is given, to one of those certificates and nothing else.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SiemDestination")]
public sealed record SiemDestination(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Host,
    [property: Id(3)] int Port,
    [property: Id(4)] bool Tls,
    [property: Id(5)] string? Url)
{
    /// <summary>PEM certificates (a private CA, or the receiver's own self-signed certificate) that alone
    /// anchor the receiver's chain; null trusts the system's roots. Not a secret.</summary>
    [Id(6)]
    public string? CaCertificate { get; init; }

    /// <summary>The whole <see cref="Url"/> sealed with the tenant's data key when it carries credentials
    /// (user info, query); <see cref="Url"/> then holds the redacted form (<see cref="SiemUrl"/>). Set by
    /// the audit log grain only; callers leave it null, and it is never answered.</summary>
    [Id(7)]
    public byte[]? SealedUrl { get; init; }

    public override string ToString() =>
        $"SiemDestination {{ Id = {Id}, Kind = {Kind}, Host = {Host}, Port = {Port}, Tls = {Tls}, Url = {SiemUrl.Shown(Url)} }}";
}
