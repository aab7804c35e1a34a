namespace Kagi.Identity;

/// <summary>Who a passkey is bound to, as the Frontend is reached (KAGI_PUBLIC_URL): the relying party id (its host),
/// the name an authenticator shows, and the one origin whose pages may use the passkeys.</summary>
[GenerateSerializer, Immutable, Alias("kagi.passkey.RelyingParty")]
public sealed record PasskeyRelyingParty(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Origin);
