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
    public static string Describe(Exception e) => e switch
    {
        PlainSmtpRefusedException refused => refused.Message,
        SmtpCommandException smtp => string.Create(CultureInfo.InvariantCulture, $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode})"),
        AuthenticationException => "SMTP authentication failed",
        SslHandshakeException => "TLS handshake with the relay failed",
        SmtpProtocolException => "SMTP protocol error",
        SocketException socket => $"could not connect to the relay ({socket.SocketErrorCode})",
        ServiceNotConnectedException or IOException => "the relay closed the connection",
        OperationCanceledException or TimeoutException => "the relay did not answer in time",
        NotSupportedException => "the relay does not support what was asked (e.g. STARTTLS)",
        _ => "mail failed: " + e.GetType().Name,
    };
}
