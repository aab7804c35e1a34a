using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Kagi.Notifications;

/// <summary>Why a mail did not go, in words safe to show admins: codes and kinds, never server text
/// that could echo a credential.</summary>
public static class MailFailure
{
    public const string Unreachable = "could not reach the relay";

    public static string Describe(Exception e) => e switch
    {
        PlainSmtpRefusedException refused => refused.Message,
        SmtpCommandException smtp => string.Create(CultureInfo.InvariantCulture, $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode})"),
        AuthenticationException => "SMTP authentication failed",
        SslHandshakeException => "TLS handshake with the relay failed",
        // Refused by the egress policy, nothing listening, silence or not SMTP: one answer, so a tenant's relay
        // setting cannot tell Kagi's network apart (the operator log has the reason).
        SmtpProtocolException or SocketException or ServiceNotConnectedException or IOException
            or OperationCanceledException or TimeoutException or Kagi.Connectors.TargetUnavailableException => Unreachable,
        NotSupportedException => "the relay does not support what was asked (e.g. STARTTLS)",
        _ => "mail failed: " + e.GetType().Name,
    };
}
