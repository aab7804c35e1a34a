using System.Text;
using Kagi.Egress;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Kagi.Notifications;

/// <summary>
/// MailKit over SMTP; one connection per message (reports and notifications are rare). Text is
/// UTF-8 (subjects as RFC 2047 encoded words), so Japanese arrives intact.
/// </summary>
public sealed class SmtpMailSender(MailSettings settings) : IMailSender, IMailRelay
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public Task SendAsync(MailMessageSpec message, CancellationToken cancellationToken) => SendAsync(settings, message, null, cancellationToken);

    public async Task SendAsync(MailSettings relay, MailMessageSpec message, EgressGate? egress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(message);
        if (!relay.Configured)
        {
            throw new InvalidOperationException("No SMTP relay is configured (KAGI_SMTP_HOST).");
        }

        var mime = new MimeMessage();
        mime.Headers.Replace(HeaderId.Subject, Encoding.UTF8, message.Subject);
        mime.From.Add(MailboxAddress.Parse(relay.From));
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        var text = new TextPart("plain");
        text.SetText(Encoding.UTF8, message.Body);
        if (message.Attachments.Count == 0)
        {
            mime.Body = text;
        }
        else
        {
            var mixed = new Multipart("mixed") { text };
            foreach (var attachment in message.Attachments)
            {
                mixed.Add(new MimePart(ContentType.Parse(attachment.ContentType))
                {
                    Content = new MimeContent(new MemoryStream(attachment.Content)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachment.FileName,
                });
            }

            mime.Body = mixed;
        }

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var security = relay.Security switch
        {
            "tls" => SecureSocketOptions.SslOnConnect,
            "starttls" => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        if (egress is null)
        {
            await client.ConnectAsync(relay.Host!, relay.Port, security, cancellationToken);
        }
        else
        {
            // MailKit speaks over the socket the gate connected to a checked address; the host name stays for TLS.
            var socket = await egress.ConnectAsync(relay.Host!, relay.Port, cancellationToken);
            try
            {
                await client.ConnectAsync(socket, relay.Host!, relay.Port, security, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (relay.Username is not null)
        {
            await client.AuthenticateAsync(relay.Username, relay.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
