namespace Kagi.Notifications;

/// <summary>How the tenant's admins want one security event told: by mail, by webhook (each webhook's own
/// event filter still applies). The in-app notice is always left. Events without a choice go both ways.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SecurityEventChoice")]
public sealed record SecurityEventChoice(
    [property: Id(0)] string Event,
    [property: Id(1)] bool Email,
    [property: Id(2)] bool Webhook);
