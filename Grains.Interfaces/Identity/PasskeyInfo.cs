namespace Kagi.Identity;

/// <summary>A passkey as its owner sees it. <see cref="Aaguid"/> names the authenticator's model (zero when it does not say).</summary>
[GenerateSerializer, Immutable, Alias("kagi.passkey.Info")]
public sealed record PasskeyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid Aaguid,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt);
