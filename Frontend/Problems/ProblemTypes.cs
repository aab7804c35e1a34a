using Kagi.Errors;

namespace Kagi.Frontend.Problems;

/// <summary>The RFC 9457 problem type, title and HTTP status of each refusal.</summary>
public static class ProblemTypes
{
    public const string BaseUri = "/problems/";

    private static readonly Dictionary<ProblemCode, ProblemType> Types = new()
    {
        [ProblemCode.Invalid] = new("invalid", StatusCodes.Status400BadRequest, "The request is invalid."),
        [ProblemCode.NotFound] = new("not-found", StatusCodes.Status404NotFound, "Not found."),
        [ProblemCode.AlreadyExists] = new("already-exists", StatusCodes.Status409Conflict, "It already exists."),
        [ProblemCode.Forbidden] = new("forbidden", StatusCodes.Status403Forbidden, "Not allowed."),
        [ProblemCode.InvalidCredentials] = new("invalid-credentials", StatusCodes.Status401Unauthorized, "The username or password is wrong."),
        [ProblemCode.NotApproved] = new("not-approved", StatusCodes.Status403Forbidden, "The request is not approved."),
        [ProblemCode.OutsideWindow] = new("outside-window", StatusCodes.Status403Forbidden, "Outside the approved window."),
        [ProblemCode.CheckedOut] = new("checked-out", StatusCodes.Status409Conflict, "The account is checked out."),
        [ProblemCode.InvalidState] = new("invalid-state", StatusCodes.Status409Conflict, "Not possible in the current state."),
        [ProblemCode.SelfApproval] = new("self-approval", StatusCodes.Status403Forbidden, "You cannot decide your own request."),
        [ProblemCode.TargetUnavailable] = new("target-unavailable", StatusCodes.Status502BadGateway, "The target system did not answer as expected."),
        [ProblemCode.CredentialRejected] = new("credential-rejected", StatusCodes.Status422UnprocessableEntity, "The target refused the credential."),
        [ProblemCode.RotationPending] = new("rotation-pending", StatusCodes.Status409Conflict, "A password rotation is in progress."),
        [ProblemCode.AuditUnavailable] = new("audit-unavailable", StatusCodes.Status503ServiceUnavailable, "The audit log is unavailable."),
        [ProblemCode.Unauthenticated] = new("unauthenticated", StatusCodes.Status401Unauthorized, "Authentication is required."),
        [ProblemCode.TargetUnreachable] = new("target-unreachable", StatusCodes.Status422UnprocessableEntity, "The destination could not be reached."),
        [ProblemCode.VerificationPaced] = new("verification-paced", StatusCodes.Status429TooManyRequests, "Too many target logins tried; wait a while."),
        [ProblemCode.HostKeyMismatch] = new("host-key-mismatch", StatusCodes.Status502BadGateway, "The target's SSH host key is not the pinned one."),
        [ProblemCode.TenantSuspended] = new("tenant-suspended", StatusCodes.Status403Forbidden, "The tenant is suspended."),
        [ProblemCode.LastAdmin] = new("last-admin", StatusCodes.Status409Conflict, "The tenant would be left without an admin."),

        // Sign-in (issue 3).
        [ProblemCode.PasswordRejected] = new("password-rejected", StatusCodes.Status422UnprocessableEntity, "The password breaks the tenant's password policy."),
        [ProblemCode.MfaRequired] = new("mfa-required", StatusCodes.Status401Unauthorized, "A valid second factor is required."),
        [ProblemCode.Locked] = new("locked", StatusCodes.Status423Locked, "The account is locked for a while."),
        [ProblemCode.IpNotAllowed] = new("ip-not-allowed", StatusCodes.Status403Forbidden, "Your address is not allowed."),
        [ProblemCode.RiskBlocked] = new("risk-blocked", StatusCodes.Status403Forbidden, "The sign-in was blocked as too risky."),
        [ProblemCode.SourceBlocked] = new("source-blocked", StatusCodes.Status429TooManyRequests, "Too many failed sign-ins from your address."),
        [ProblemCode.SelfLockout] = new("self-lockout", StatusCodes.Status409Conflict, "The change would lock you out."),
        [ProblemCode.StepRequired] = new("step-required", StatusCodes.Status403Forbidden, "Finish the required step first."),

        // Single sign-on (issue 12).
        [ProblemCode.SsoOnly] = new("sso-only", StatusCodes.Status403Forbidden, "Sign in through your identity provider."),
        [ProblemCode.SsoRefused] = new("sso-refused", StatusCodes.Status403Forbidden, "The single sign-on was refused."),
        [ProblemCode.LogoutTokenRefused] = new("logout-token-refused", StatusCodes.Status400BadRequest, "The identity provider's logout token was refused."),

        // Idempotency keys (issue 13).
        [ProblemCode.IdempotencyKeyInUse] = new("idempotency-key-in-use", StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still running."),
        [ProblemCode.IdempotencyKeyReused] = new("idempotency-key-reused", StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for another request."),

        // Connection security (issue 10).
        [ProblemCode.InsecureConnection] = new("insecure-connection", StatusCodes.Status422UnprocessableEntity, "The connection would not be protected."),
    };

    public static ProblemType ClusterUnavailable { get; } = new("cluster-unavailable", StatusCodes.Status503ServiceUnavailable, "Kagi's cluster is not answering.");

    /// <summary>A limit of <see cref="RateLimiting.RateLimitSettings"/> was reached; the answer carries Retry-After.</summary>
    public static ProblemType RateLimited { get; } = new("rate-limited", StatusCodes.Status429TooManyRequests, "Too many requests.");

    public static ProblemType Internal { get; } = new("internal", StatusCodes.Status500InternalServerError, "Something went wrong on Kagi's side.");

    /// <summary>Every problem type Kagi answers with, for the API description.</summary>
    public static IEnumerable<ProblemType> All => Types.Values.Append(ClusterUnavailable).Append(Internal);

    public static ProblemType Of(ProblemCode code) => Types.TryGetValue(code, out var type) ? type : Internal;
}

public sealed record ProblemType(string Slug, int Status, string Title)
{
    public string Uri => ProblemTypes.BaseUri + Slug;
}
