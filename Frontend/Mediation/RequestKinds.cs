namespace Kagi.Frontend.Mediation;

/// <summary>
/// A request scoped to one tenant. Unless it is an operator or anonymous request, the caller must be
/// signed in to that same tenant and hold one of the roles its <see cref="AllowedRolesAttribute"/>
/// names (or any role, with <see cref="AnyRoleAttribute"/>).
/// </summary>
public interface ITenantRequest
{
    string TenantId { get; }
}

/// <summary>Access: anyone may send it, with no session (sign-in, health). See <see cref="RequestAccess"/>.</summary>
public interface IAnonymousRequest
{
}

/// <summary>An anonymous tenant request (sign-in). It names who claims to act, for the audit log.</summary>
public interface ISignInRequest : IAnonymousRequest, ITenantRequest
{
    string ClaimedUsername { get; }
}

/// <summary>Access: only the operator token may send it. See <see cref="RequestAccess"/>.</summary>
public interface IOperatorRequest
{
}

/// <summary>A request recorded in the tenant's audit log, success or failure.</summary>
public interface IAuditedRequest : ITenantRequest
{
    /// <summary>What was done, e.g. <c>account.checkout</c>.</summary>
    string AuditAction { get; }

    /// <summary>The id it was done to. Never a secret.</summary>
    string? AuditSubject { get; }

    /// <summary>Further identifiers worth recording (e.g. the request id of a check-out). Never a secret.</summary>
    string? AuditDetail => null;

    /// <summary>The privileged account concerned, recorded for filters and reports.</summary>
    string? AuditAccountId => null;

    /// <summary>The access request concerned, recorded for filters and reports.</summary>
    string? AuditRequestId => null;
}

/// <summary>
/// An audited request that reveals or changes a secret or a policy. It is recorded twice: an
/// <c>intent</c> record stored before the handler runs (no record, no operation: 503), and the outcome.
/// </summary>
public interface IFailClosedRequest : IAuditedRequest
{
}

/// <summary>A request a restricted session may still make (change an expired password, enrol MFA, sign out).</summary>
public interface IStepRequest
{
}

/// <summary>A request about the signed-in person's own credentials, which an API token may not make.</summary>
public interface IInteractiveRequest
{
}

/// <summary>
/// A request whose handler may run again after its grain calls lost their silo: it only reads, or its
/// writes are idempotent by key (the same call twice leaves what one call leaves, and answers alike).
/// </summary>
public interface IIdempotentRequest
{
}
