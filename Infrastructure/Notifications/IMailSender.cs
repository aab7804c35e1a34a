namespace Kagi.Notifications;

/// <summary>Sends mail; returns once the relay accepted it.</summary>
public interface IMailSender
{
    Task SendAsync(MailMessageSpec message, CancellationToken cancellationToken);
}
