namespace Kagi.Siem;

/// <summary>
/// Where a tenant's audit events stream: <see cref="SiemKinds.Syslog"/> (RFC 5424 over TCP, with TLS
/// when <see cref="Tls"/>, to <see cref="Host"/>:<see cref="Port"/>) or <see cref="SiemKinds.Http"/>
/// (JSON Lines POSTed to <see cref="Url"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SiemDestination")]
public sealed record SiemDestination(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Host,
    [property: Id(3)] int Port,
    [property: Id(4)] bool Tls,
    [property: Id(5)] string? Url);
