using System.Collections.Concurrent;
using System.Reflection;
using Kagi.Errors;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// Operator requests need the operator token; tenant requests need a session of that same tenant
/// (another tenant's token gets 404, revealing nothing) and one of the request's allowed roles.
/// </summary>
[PipelineStage(2)]
public sealed class AuthorizationBehavior<TRequest, TResponse>(ICallerContext callers) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>?> AllowedRoles = new();

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        switch (request)
        {
            case IOperatorRequest:
                if (!callers.IsOperator)
                {
                    throw new KagiException(ProblemCode.Unauthenticated, "This request needs the operator token.");
                }

                break;
            case IAnonymousRequest:
                break;
            case ITenantRequest tenantRequest:
                var caller = callers.Caller ?? throw new KagiException(ProblemCode.Unauthenticated, "Sign in first: send 'Authorization: Bearer <token>'.");
                if (caller.TenantId != tenantRequest.TenantId)
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

                var roles = AllowedRoles.GetOrAdd(typeof(TRequest), type => type.GetCustomAttribute<AllowedRolesAttribute>()?.Roles);
                if (roles is not null && !roles.Any(caller.IsInRole))
                {
                    throw new KagiException(ProblemCode.Forbidden, $"This needs one of the roles: {string.Join(", ", roles)}.");
                }

                break;
        }

        return next();
    }
}
