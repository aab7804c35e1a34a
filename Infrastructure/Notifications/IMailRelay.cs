using Kagi.Egress;

namespace Kagi.Notifications;

/// <summary>Sends mail through a relay chosen per message (a tenant's own, or the silo-wide one).</summary>
public interface IMailRelay
{
    /// <summary>A tenant's relay is reached through the tenant's <paramref name="egress"/> gate; only the operator's
    /// own relay (<c>KAGI_SMTP_HOST</c>, trusted as configuration) passes null.</summary>
    Task SendAsync(MailSettings relay, MailMessageSpec message, EgressGate? egress, CancellationToken cancellationToken);
}
