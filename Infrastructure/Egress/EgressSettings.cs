using System.Collections.Immutable;
using System.Net;
using Kagi.Domain.Egress;

namespace Kagi.Egress;

/// <summary>
/// The operator's egress settings: what every tenant may reach beyond the public internet (<c>KAGI_EGRESS_ALLOW</c>),
/// what one tenant may reach besides (<c>KAGI_EGRESS_ALLOW_TENANTS</c>), and Kagi's own endpoints, which no tenant
/// reaches unless an allowance names the exact address and port.
/// </summary>
public sealed record EgressSettings(EgressAllowance Global, ImmutableDictionary<string, EgressAllowance> PerTenant, ImmutableArray<IPEndPoint> KagiEndpoints)
{
    /// <summary>No allowance and no known own endpoint: the public internet only.</summary>
    public static EgressSettings None { get; } = new(EgressAllowance.None, ImmutableDictionary<string, EgressAllowance>.Empty, []);

    public EgressPolicy PolicyFor(string? tenantId) =>
        new(tenantId is not null && PerTenant.TryGetValue(tenantId, out var own) ? Global.With(own) : Global, KagiEndpoints);
}
