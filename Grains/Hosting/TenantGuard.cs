using Kagi.Errors;

namespace Kagi.Hosting;

/// <summary>
/// The three caller checks every grain uses: a member of the grain's tenant, an admin of it, and Kagi itself.
/// A caller from another tenant is told "not found", revealing nothing; a member without the right is forbidden.
/// </summary>
public static class TenantGuard
{
    /// <summary>A member of <paramref name="tenantId"/> (any role, or Kagi acting inside it).</summary>
    public static void Ensure(Caller caller, string tenantId)
    {
        if (caller is null || !string.Equals(caller.TenantId, tenantId, StringComparison.Ordinal))
        {
            throw new KagiException(ProblemCode.NotFound, "Not found.");
        }
    }

    /// <summary>An admin of <paramref name="tenantId"/>, or Kagi itself (it creates a tenant's first admin).</summary>
    public static void EnsureAdmin(Caller caller, string tenantId)
    {
        Ensure(caller, tenantId);
        if (!caller.ActsAsAdmin)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only an admin may do this.");
        }
    }

    /// <summary>For calls only Kagi itself makes (timers, one grain telling another); no user role passes, admin included.</summary>
    public static void EnsureSystem(Caller caller, string tenantId)
    {
        Ensure(caller, tenantId);
        if (!caller.IsSystem)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only Kagi itself may do this.");
        }
    }
}
