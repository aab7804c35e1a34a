using Kagi.Errors;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Refuses whatever its declared access (<see cref="RequestAccess"/>) does not allow, and by default
/// anything it cannot classify. Operator requests need the operator token; tenant requests need a
/// session of that same tenant (another tenant's token gets 404, revealing nothing) and one of the
/// request's allowed roles; anonymous requests pass.
/// </summary>
[PipelineStage(2)]
public sealed class AuthorizationBehavior<TRequest, TResponse>(ICallerContext callers) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly RequestAccess? Access = RequestAccess.Of(typeof(TRequest));

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        switch (Access)
        {
            case { Kind: RequestAccessKind.Operator }:
                if (!callers.IsOperator)
                {
                    throw new KagiException(ProblemCode.Unauthenticated, "This request needs the operator token.");
                }

                break;
            case { Kind: RequestAccessKind.Anonymous }:
                break;
            case { Kind: RequestAccessKind.Tenant, Roles: var roles } when request is ITenantRequest tenantRequest:
                AuthorizeTenant(request, tenantRequest.TenantId, roles);
                break;
            default:
                // Start-up refuses such a type; this is the second lock, should one slip through.
                throw new KagiException(ProblemCode.Forbidden, "This request declares no access rule, so nobody may send it.");
        }

        return next();
    }

    private void AuthorizeTenant(TRequest request, string tenantId, IReadOnlyList<string>? roles)
    {
        var caller = callers.Caller ?? throw new KagiException(ProblemCode.Unauthenticated, "Sign in first: send 'Authorization: Bearer <token>'.");
        if (caller.TenantId != tenantId)
        {
            throw new KagiException(ProblemCode.NotFound, "Not found.");
        }

        if (callers.Restriction != SessionRestriction.None && request is not IStepRequest)
        {
            throw new KagiException(ProblemCode.StepRequired, callers.Restriction == SessionRestriction.EnrolMfa
                ? "This tenant requires MFA: enrol a TOTP authenticator (POST …/me/mfa/totp) and sign in again."
                : "Your password has expired: change it (POST …/me/password) and sign in again.");
        }

        if (callers.IsApiToken && request is IInteractiveRequest)
        {
            throw new KagiException(ProblemCode.Forbidden, "API tokens cannot manage credentials; sign in as the person.");
        }

        if (roles is not null && !roles.Any(caller.IsInRole))
        {
            throw new KagiException(ProblemCode.Forbidden, $"This needs one of the roles: {string.Join(", ", roles)}.");
        }
    }
}
