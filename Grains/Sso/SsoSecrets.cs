using Kagi.Security;

namespace Kagi.Sso;

/// <summary>Where a client secret is bound: it opens only as that tenant's secret of that provider id.</summary>
public static class SsoSecrets
{
    public static SecretContext ClientSecret(string tenantId, string providerId) => new(tenantId, "sso-settings", "provider:" + providerId, "client-secret");
}
