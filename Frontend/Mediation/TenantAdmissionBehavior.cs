using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Security;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Every tenant request, sign-in included, must be admitted by the tenant: from an address its allow-list (and the
/// caller's roles' lists) permit, and not while the operator has the tenant suspended. Operator requests are exempt,
/// so the operator can always reset a list that locked a tenant out, and resume a suspended one.
/// </summary>
[PipelineStage(3)]
public sealed class TenantAdmissionBehavior<TRequest, TResponse>(ICallerContext callers, IClusterClient cluster, ClusterRetry retry) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is ITenantRequest tenantRequest and not IOperatorRequest)
        {
            var roles = request is IAnonymousRequest ? null : callers.Caller?.Roles;
            var security = cluster.GetGrain<ITenantSecurityGrain>(tenantRequest.TenantId);
            // A read, so it is retried when its silo is lost (ClusterRetry's bounded budget).
            switch (await retry.RunAsync(() => security.AdmitAsync(callers.IpAddress, roles), cancellationToken))
            {
                case TenantAdmission.IpNotAllowed:
                    throw new KagiException(ProblemCode.IpNotAllowed, "Your address is not allowed to use this tenant.");
                case TenantAdmission.Suspended:
                    throw new KagiException(ProblemCode.TenantSuspended, "This tenant is suspended by Kagi's operator; nobody can sign in or use it until it is resumed.");
            }
        }

        return await next();
    }
}
