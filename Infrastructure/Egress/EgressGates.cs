using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kagi.Egress;

/// <summary>Hands out each tenant's <see cref="EgressGate"/>: the one way Kagi opens a connection a tenant chose.</summary>
public sealed class EgressGates(EgressSettings settings, ILogger<EgressGate> logger)
{
    private readonly ConcurrentDictionary<string, EgressGate> _byTenant = new(StringComparer.Ordinal);

    public EgressGate For(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return _byTenant.GetOrAdd(tenantId, tenant => new EgressGate(settings.PolicyFor(tenant), tenant, logger));
    }
}
