using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>
/// Something to tell people about: an event name that picks the template (e.g. "request.emergency"),
/// who receives it (usernames, and optionally every admin), and the values the template fills in.
/// Parameters are shown to recipients, so they never carry secrets.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.NotificationRequest")]
public sealed record NotificationRequest(
    [property: Id(0)] string Event,
    [property: Id(1)] ImmutableArray<string> Usernames,
    [property: Id(2)] bool ToAdmins,
    [property: Id(3)] ImmutableDictionary<string, string> Parameters)
{
    /// <summary>The access request it is about, if any (for the delivery list and webhooks).</summary>
    [Id(4)] public string? RequestId { get; init; }
}
