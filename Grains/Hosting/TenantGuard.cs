using Kagi.Errors;

namespace Kagi.Hosting;

/// <summary>The one tenant check: a caller from another tenant is told "not found", revealing nothing.</summary>
public static class TenantGuard
{
    public static void Ensure(Caller caller, string tenantId)
    {
        if (caller is null || !string.Equals(caller.TenantId, tenantId, StringComparison.Ordinal))
        {
            throw new KagiException(ProblemCode.NotFound, "Not found.");
        }
    }
}
