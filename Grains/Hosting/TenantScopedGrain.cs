using Kagi.Errors;

namespace Kagi.Hosting;

/// <summary>
/// A grain whose key is <c>{tenantId}/{localId}</c>. Every call names its caller, and a caller from
/// another tenant is told the object does not exist, so tenants cannot probe each other.
/// </summary>
public abstract class TenantScopedGrain : Grain
{
    private (string TenantId, string LocalId)? _key;

    protected string TenantId => Key.TenantId;

    protected string LocalId => Key.LocalId;

    private (string TenantId, string LocalId) Key => _key ??= GrainKeys.Split(this.GetPrimaryKeyString());

    protected void EnsureCaller(Caller caller) => TenantGuard.Ensure(caller, TenantId);

    protected void EnsureAdmin(Caller caller) => TenantGuard.EnsureAdmin(caller, TenantId);

    /// <summary>For calls only Kagi itself makes (timers, one grain telling another); no user role passes.</summary>
    protected void EnsureSystem(Caller caller) => TenantGuard.EnsureSystem(caller, TenantId);

    protected static KagiException NotFound(string what) => new(ProblemCode.NotFound, $"{what} was not found.");
}
