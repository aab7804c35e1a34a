namespace Kagi.Vault;

/// <summary>How Kagi protects the connection to a target whose protocol is not encrypted by itself (LDAP).
/// SSH is always encrypted and ignores it.</summary>
/// <remarks>With <see cref="StartTls"/> a failed upgrade ends the call before any credential is sent: there is
/// no fallback to plain text (the fallback some clients had, dotnet/runtime#54274, is what this guards against).</remarks>
[GenerateSerializer, Alias("kagi.TargetTls")]
public enum TargetTls
{
    /// <summary>No TLS: passwords cross the network in clear. Only for loopback and tests.</summary>
    None = 0,

    /// <summary>LDAP over TLS from the first byte (ldaps, usually port 636). The server certificate is checked
    /// against libldap's trusted CAs and must name the host Kagi connects to.</summary>
    Ldaps = 1,

    /// <summary>Plain LDAP (usually port 389) upgraded with StartTLS (RFC 4513) before any credential is sent;
    /// the certificate is checked as for <see cref="Ldaps"/>. An anonymous bind, which carries no secret, opens
    /// the connection first (the library learns where to connect only at a bind).</summary>
    StartTls = 2,
}
