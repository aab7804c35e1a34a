using Kagi.Errors;
using Kagi.Frontend.Security;
using Kagi.Identity;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// The one access decision, written once: whether the caller may send a request of this type to this tenant.
/// <see cref="AccessGate"/> asks it for every endpoint before the endpoint reads its body, and
/// <see cref="AuthorizationBehavior{TRequest, TResponse}"/> asks it again for every request sent through MediatR
/// (the console's forms send requests without an endpoint of their own). Operator requests need the operator
/// token; tenant requests need a session of that same tenant (another tenant's token gets 404, revealing
/// nothing) and one of the request's allowed roles; anonymous requests pass; anything it cannot classify is
/// refused.
/// </summary>
public static class AccessDecision
{
    /// <summary>The refusal to answer, or null when the caller may send it.</summary>
    /// <param name="tenantId">The tenant the request names (its <see cref="ITenantRequest.TenantId"/>, or the route's).</param>
    public static KagiException? Refusal(Type requestType, string? tenantId, ICallerContext callers)
    {
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(callers);
        return RequestAccess.Of(requestType) switch
        {
            { Kind: RequestAccessKind.Operator } => callers.IsOperator ? null : new KagiException(ProblemCode.Unauthenticated, "This request needs the operator token."),
            { Kind: RequestAccessKind.Anonymous } => null,
            { Kind: RequestAccessKind.Tenant } when tenantId is null => new KagiException(ProblemCode.Forbidden, "This request names no tenant, so nobody may send it."),
            { Kind: RequestAccessKind.Tenant, Roles: var roles } => TenantRefusal(requestType, tenantId, roles, callers),
            // Start-up refuses such a type; this is the second lock, should one slip through.
            _ => new KagiException(ProblemCode.Forbidden, "This request declares no access rule, so nobody may send it."),
        };
    }

    private static KagiException? TenantRefusal(Type requestType, string tenantId, IReadOnlyList<string>? roles, ICallerContext callers)
    {
        if (callers.Caller is not { } caller)
        {
            return new KagiException(ProblemCode.Unauthenticated, "Sign in first: send 'Authorization: Bearer <token>'.");
        }

        if (caller.TenantId != tenantId)
        {
            return new KagiException(ProblemCode.NotFound, "Not found.");
        }

        if (callers.Restriction != SessionRestriction.None && !typeof(IStepRequest).IsAssignableFrom(requestType))
        {
            return new KagiException(ProblemCode.StepRequired, callers.Restriction == SessionRestriction.EnrolMfa
                ? "This tenant requires MFA: enrol a TOTP authenticator (POST …/me/mfa/totp) and sign in again."
                : "Your password has expired: change it (POST …/me/password) and sign in again.");
        }

        if (callers.IsApiToken && typeof(IInteractiveRequest).IsAssignableFrom(requestType))
        {
            return new KagiException(ProblemCode.Forbidden, "API tokens cannot manage credentials; sign in as the person.");
        }

        return roles is not null && !roles.Any(caller.IsInRole)
            ? new KagiException(ProblemCode.Forbidden, $"This needs one of the roles: {string.Join(", ", roles)}.")
            : null;
    }
}
