using System.Collections.Immutable;

namespace Kagi;

/// <summary>
/// Who is calling a grain. Passed explicitly with every call so a grain can compare the caller's
/// tenant with the tenant in its own key, rather than trusting ambient RequestContext.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.Caller")]
public sealed record Caller(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Username,
    [property: Id(2)] ImmutableArray<string> Roles,
    [property: Id(3)] string? IpAddress)
{
    /// <summary>The name recorded for actions that Kagi takes by itself (timers, reminders).</summary>
    public const string SystemName = "kagi:system";

    /// <summary>The name recorded for the operator (who holds the operator token) acting inside a tenant.</summary>
    public const string OperatorName = "kagi:operator";

    public bool IsInRole(string role) => !Roles.IsDefaultOrEmpty && Roles.Contains(role);

    /// <summary>Whether this is Kagi itself. No user can be: the name holds a ':', which no identifier does.</summary>
    public bool IsSystem => Username == SystemName;

    /// <summary>Whoever may act as a tenant's admin: a user with the admin role, or Kagi itself.</summary>
    public bool ActsAsAdmin => IsSystem || IsInRole(KagiRoles.Admin);

    /// <summary>Kagi acting on its own inside a tenant, e.g. when a lease runs out. It holds no user role, so
    /// no role can stand in for it: only <see cref="IsSystem"/> says it is Kagi.</summary>
    public static Caller System(string tenantId) => new(tenantId, SystemName, [], null);

    /// <summary>Whether this is the operator. No user can be: the name holds a ':'.</summary>
    public bool IsOperator => Username == OperatorName;

    /// <summary>The operator acting inside a tenant, e.g. approving a delayed audit settings change. No tenant role.</summary>
    public static Caller Operator(string tenantId, string? ipAddress) => new(tenantId, OperatorName, [], ipAddress);
}
