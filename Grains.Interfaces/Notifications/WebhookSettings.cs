using System.Collections.Immutable;

namespace Kagi.Notifications;

/// <summary>
/// A receiver of signed event POSTs. <see cref="Events"/> empty means every event. A null
/// <see cref="Secret"/> keeps the secret stored before for the same id.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.WebhookSettings")]
public sealed record WebhookSettings(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] string? Secret,
    [property: Id(3)] ImmutableArray<string> Events)
{
    public const int MinimumSecretLength = 16;

    public override string ToString() => $"WebhookSettings {{ Id = {Id}, Events = [{string.Join(", ", Events.IsDefault ? [] : Events)}] }}";
}
