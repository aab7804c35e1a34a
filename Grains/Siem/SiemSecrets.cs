using Kagi.Security;

namespace Kagi.Siem;

/// <summary>Where a SIEM destination's sealed URL is bound: it opens only as that destination's URL in that tenant.</summary>
public static class SiemSecrets
{
    public static SecretContext Url(string tenantId, string destinationId) => new(tenantId, "siem", destinationId, "url");
}
