namespace Kagi.Vault;

/// <summary>How Kagi protects a PostgreSQL connection. There is no fallback: a mode that asks for TLS
/// fails when the server does not offer it or its certificate does not check out, and a server that
/// asks for MD5 or a cleartext password is refused whatever the mode (SCRAM-SHA-256 only).</summary>
/// <remarks>libpq's <c>allow</c>, <c>prefer</c> and <c>require</c> are not offered: the first two fall back to
/// plain text when TLS fails, and <c>require</c> accepts any certificate, so a machine in the middle could read
/// the admin's session. Kagi takes <c>require</c> as <see cref="VerifyFull"/>.</remarks>
[GenerateSerializer, Alias("kagi.TargetSslMode")]
public enum TargetSslMode
{
    /// <summary>No TLS. SCRAM still keeps the password off the wire, but statements and answers travel in clear.</summary>
    Disable = 0,

    /// <summary>TLS, the server certificate chaining to the target's CA certificate (or the system's roots when none is given).</summary>
    VerifyCa = 1,

    /// <summary>As <see cref="VerifyCa"/>, and the certificate must also name the host Kagi connects to.</summary>
    VerifyFull = 2,
}
