namespace Kagi.Sso;

/// <param name="ProviderId">The tenant's SAML identity provider.</param>
/// <param name="BindingHash">SHA-256 of the random value in the browser's one-time cookie: only that browser completes.</param>
/// <param name="ForConsole">Whether the console started it (cookie and redirect) or an API client (JSON).</param>
/// <param name="PublicUrl">Kagi's public URL, under which the tenant's entity id and ACS URL lie.</param>
[GenerateSerializer, Immutable, Alias("kagi.SamlStart")]
public sealed record SamlStart(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string BindingHash,
    [property: Id(2)] bool ForConsole,
    [property: Id(3)] Uri PublicUrl);

/// <param name="SamlResponse">The posted response, base64 as the HTTP-POST binding carries it.</param>
[GenerateSerializer, Immutable, Alias("kagi.SamlCallback")]
public sealed record SamlCallback(
    [property: Id(0)] string SamlResponse,
    [property: Id(1)] string BindingHash,
    [property: Id(2)] Uri PublicUrl)
{
    public override string ToString() => "SamlCallback";
}
