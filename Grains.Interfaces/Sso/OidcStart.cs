namespace Kagi.Sso;

/// <param name="ProviderId">The tenant's identity provider.</param>
/// <param name="RedirectUri">Kagi's callback URL, as registered at the provider.</param>
/// <param name="BindingHash">SHA-256 of the random value in the browser's one-time cookie: only that browser completes.</param>
/// <param name="ForConsole">Whether the console started it (cookie and redirect) or an API client (JSON).</param>
[GenerateSerializer, Immutable, Alias("kagi.OidcStart")]
public sealed record OidcStart(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string RedirectUri,
    [property: Id(2)] string BindingHash,
    [property: Id(3)] bool ForConsole);

/// <param name="ProviderId">The provider named by the callback URL; it must be the one the flow started with.</param>
[GenerateSerializer, Immutable, Alias("kagi.OidcCallback")]
public sealed record OidcCallback(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string Code,
    [property: Id(2)] string BindingHash)
{
    public override string ToString() => $"OidcCallback {{ ProviderId = {ProviderId} }}";
}
