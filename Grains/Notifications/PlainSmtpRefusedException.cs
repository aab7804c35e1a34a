namespace Kagi.Notifications;

/// <summary>The tenant's relay is set to plain SMTP, and the operator no longer allows that relay without TLS.</summary>
public sealed class PlainSmtpRefusedException : Exception
{
    public PlainSmtpRefusedException()
        : base(NotificationSettingsGrain.PlainSmtpRefused)
    {
    }

    public PlainSmtpRefusedException(string message) : base(message)
    {
    }

    public PlainSmtpRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
