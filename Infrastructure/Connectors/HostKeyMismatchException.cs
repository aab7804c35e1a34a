namespace Kagi.Connectors;

/// <summary>An SSH server presented a host key other than the pinned one; the connection was dropped during the
/// key exchange, before any credential was sent. Fingerprints are not secrets.</summary>
public sealed class HostKeyMismatchException : TargetUnavailableException
{
    public HostKeyMismatchException()
    {
    }

    public HostKeyMismatchException(string message) : base(message)
    {
    }

    public HostKeyMismatchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The fingerprint the server presented, <c>SHA256:…</c>.</summary>
    public string Presented { get; init; } = "";
}
