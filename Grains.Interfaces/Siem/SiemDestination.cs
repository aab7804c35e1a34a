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
}
