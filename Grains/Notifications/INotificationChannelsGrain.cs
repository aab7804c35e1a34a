namespace Kagi.Notifications;

/// <summary>
/// The settings grain's view for the outbox (inside the silo only): the channels with their secrets
/// still sealed, so no plaintext secret travels in a grain message. Key: the tenant id.
/// </summary>
[Alias("kagi.INotificationChannelsGrain")]
public interface INotificationChannelsGrain : IGrainWithStringKey
{
    [Alias("GetSealed")]
    Task<NotificationSettingsState> GetSealedAsync(Caller caller);
}
