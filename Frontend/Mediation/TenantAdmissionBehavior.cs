using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Security;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Every tenant request, sign-in included, must be admitted by the tenant: from an address its allow-list (and the
/// caller's roles' lists) permit, and not while the operator has the tenant suspended. Operator requests are exempt,
/// so the operator can always reset a list that locked a tenant out, and resume a suspended one. The tenant's answer
/// may be one <see cref="RecentAnswers"/> kept for up to a second; every audited tenant request (the ones that change
/// something, the operator's included) sets aside the tenant's kept answers once it is done, so a change made through
/// this Frontend holds at once for its next request, and one made through another Frontend within a second.
/// </summary>
[PipelineStage(3)]
public sealed class TenantAdmissionBehavior<TRequest, TResponse>(ICallerContext callers, IClusterClient cluster, ClusterRetry retry, RecentAnswers answers)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not ITenantRequest tenantRequest)
        {
            return await next();
        }

        if (request is not IOperatorRequest)
        {
            await AdmitAsync(tenantRequest.TenantId, request is IAnonymousRequest, cancellationToken);
        }

        if (request is not IAuditedRequest)
        {
            return await next();
        }

        try
        {
            return await next();
        }
        finally
        {
            // Failed too: a change may have been made before the failure.
            answers.Changed(tenantRequest.TenantId);
        }
    }

    private async Task AdmitAsync(string tenantId, bool anonymous, CancellationToken cancellationToken)
    {
        var roles = anonymous ? null : callers.Caller?.Roles;
        var ipAddress = callers.IpAddress;
        // A read, so it is retried when its silo is lost (ClusterRetry's bounded budget). The grain reference is made only
        // when the kept answers do not say: Orleans resolves its interface type by reflection each time.
        switch (await answers.AdmissionAsync(tenantId, ipAddress, roles,
            () => retry.RunAsync(() => cluster.GetGrain<ITenantSecurityGrain>(tenantId).AdmitAsync(ipAddress, roles), cancellationToken)))
        {
            case TenantAdmission.IpNotAllowed:
                throw new KagiException(ProblemCode.IpNotAllowed, "Your address is not allowed to use this tenant.");
            case TenantAdmission.Suspended:
                throw new KagiException(ProblemCode.TenantSuspended, "This tenant is suspended by Kagi's operator; nobody can sign in or use it until it is resumed.");
        }
    }
}
