using Kagi.Sso;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// Where an OpenID Connect provider sends its back-channel logout for one tenant's provider:
/// <c>{public}/oidc/{tenant}/{provider}/backchannel-logout</c>. The admin registers it at the provider (as
/// <c>backchannel_logout_uri</c>), so the admin's view of each OpenID Connect provider carries it.
/// </summary>
public static class OidcLogoutUrls
{
    public static string BackChannel(Uri publicUrl, string tenantId, string providerId)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return $"{publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/oidc/{Uri.EscapeDataString(tenantId)}/{Uri.EscapeDataString(providerId)}/backchannel-logout";
    }

    public static SsoSettingsView WithLogoutUrls(SsoSettingsView view, Uri publicUrl, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view with { Providers = [.. view.Providers.Select(p => WithLogoutUrl(p, publicUrl, tenantId))] };
    }

    public static IdentityProviderView WithLogoutUrl(IdentityProviderView provider, Uri publicUrl, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.Oidc is { } oidc
            ? provider with { Oidc = oidc with { BackChannelLogoutUrl = BackChannel(publicUrl, tenantId, provider.Id) } }
            : provider;
    }
}
