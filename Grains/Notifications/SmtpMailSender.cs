using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Kagi.Notifications;

/// <summary>MailKit over SMTP; one connection per message (reports are rare).</summary>
public sealed class SmtpMailSender(MailSettings settings) : IMailSender
{
    public async Task SendAsync(MailMessageSpec message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!settings.Configured)
        {
            throw new InvalidOperationException("No SMTP relay is configured (KAGI_SMTP_HOST).");
        }

        var mime = new MimeMessage { Subject = message.Subject };
        mime.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        var body = new BodyBuilder { TextBody = message.Body };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        using var client = new SmtpClient();
        var security = settings.Security switch
        {
            "tls" => SecureSocketOptions.SslOnConnect,
            "starttls" => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken);
        if (settings.Username is not null)
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
