namespace Kagi.Notifications;

/// <summary>Sends mail through a relay chosen per message (a tenant's own, or the silo-wide one).</summary>
public interface IMailRelay
{
    Task SendAsync(MailSettings relay, MailMessageSpec message, CancellationToken cancellationToken);
}
