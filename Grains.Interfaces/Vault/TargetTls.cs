namespace Kagi.Vault;

/// <summary>How Kagi protects the connection to a target whose protocol is not encrypted by itself (LDAP).
/// SSH is always encrypted and ignores it.</summary>
/// <remarks>StartTLS is deliberately not offered: on Linux, System.DirectoryServices.Protocols cannot run it
/// before the first bind, and a failed StartTLS has been known to let the bind go out in clear (dotnet/runtime#54274).</remarks>
[GenerateSerializer, Alias("kagi.TargetTls")]
public enum TargetTls
{
    /// <summary>No TLS: passwords cross the network in clear. Only for loopback and tests.</summary>
    None = 0,

    /// <summary>LDAP over TLS from the first byte (ldaps, usually port 636). The server certificate is checked
    /// against libldap's trusted CAs and must name the host Kagi connects to.</summary>
    Ldaps = 1,
}
