using Kagi.Vault;

namespace Kagi.Notifications;

/// <summary>
/// The tenant's SMTP relay and webhooks. Passwords and webhook secrets are sealed with the tenant's
/// data key and re-sealed when it rotates (<see cref="ISealedSecrets"/>). Key: the tenant id.
/// </summary>
[Alias("kagi.INotificationSettingsGrain")]
public interface INotificationSettingsGrain : ISealedSecrets
{
    /// <summary>An admin replaces the settings; refused (invalid) when a rule is broken, e.g. plain SMTP
    /// without <see cref="SmtpSettings.AllowInsecureLocalRelay"/>.</summary>
    [Alias("Set")]
    Task<NotificationSettingsView> SetAsync(Caller caller, NotificationSettings settings);

    [Alias("Get")]
    Task<NotificationSettingsView> GetAsync(Caller caller);
}
