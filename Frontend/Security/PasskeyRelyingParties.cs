using Kagi.Identity;

namespace Kagi.Frontend.Security;

/// <summary>The WebAuthn relying party is where people reach Kagi (KAGI_PUBLIC_URL): its host is the rp id and its
/// scheme, host and port the one origin a passkey answer may come from. Like the SAML entity id, it must not change
/// once passkeys are registered, or they stop working.</summary>
public static class PasskeyRelyingParties
{
    public const string Name = "Kagi";

    public static PasskeyRelyingParty Of(FrontendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var url = settings.PublicUrl;
        return new PasskeyRelyingParty(url.Host, Name, url.GetLeftPart(UriPartial.Authority));
    }
}
