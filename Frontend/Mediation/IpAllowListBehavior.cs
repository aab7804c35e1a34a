using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Security;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Every tenant request, sign-in included, must come from an address the tenant's allow-list (and
/// the caller's roles' lists) permit. Operator requests are exempt, so the operator can always
/// reset a list that locked a tenant out.
/// </summary>
[PipelineStage(3)]
public sealed class IpAllowListBehavior<TRequest, TResponse>(ICallerContext callers, IClusterClient cluster, ClusterRetry retry) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is ITenantRequest tenantRequest and not IOperatorRequest)
        {
            var roles = request is IAnonymousRequest ? null : callers.Caller?.Roles;
            var security = cluster.GetGrain<ITenantSecurityGrain>(tenantRequest.TenantId);
            if (!await retry.RunAsync(() => security.IsAllowedAsync(callers.IpAddress, roles), cancellationToken))
            {
                throw new KagiException(ProblemCode.IpNotAllowed, "Your address is not allowed to use this tenant.");
            }
        }

        return await next();
    }
}
