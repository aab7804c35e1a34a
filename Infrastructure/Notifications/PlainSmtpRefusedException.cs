namespace Kagi.Notifications;

/// <summary>The tenant's relay is set to plain SMTP, and the operator no longer allows that relay without TLS.</summary>
public sealed class PlainSmtpRefusedException : Exception
{
    /// <summary>What admins are told, at the settings check and when a queued mail meets the refusal.</summary>
    public const string Reason = "smtp.security none is allowed only for a loopback relay the operator has allowed (KAGI_SMTP_PLAINTEXT_HOSTS); use starttls or tls.";

    public PlainSmtpRefusedException()
        : base(Reason)
    {
    }

    public PlainSmtpRefusedException(string message) : base(message)
    {
    }

    public PlainSmtpRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
