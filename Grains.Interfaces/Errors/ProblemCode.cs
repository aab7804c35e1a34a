namespace Kagi.Errors;

/// <summary>Kinds of refusal. Each maps to one problem type URI and HTTP status in the Frontend.</summary>
[GenerateSerializer, Alias("kagi.ProblemCode")]
public enum ProblemCode
{
    /// <summary>The input is malformed or breaks a rule (400).</summary>
    Invalid = 0,

    /// <summary>Nothing by that id in this tenant (404).</summary>
    NotFound = 1,

    /// <summary>It exists already (409).</summary>
    AlreadyExists = 2,

    /// <summary>The caller may not do this (403).</summary>
    Forbidden = 3,

    /// <summary>Sign-in refused; says nothing about which part was wrong (401).</summary>
    InvalidCredentials = 4,

    /// <summary>The request has not been approved (403).</summary>
    NotApproved = 5,

    /// <summary>Outside the approved access window (403).</summary>
    OutsideWindow = 6,

    /// <summary>Someone else holds the account (409).</summary>
    CheckedOut = 7,

    /// <summary>The object is not in a state that allows this (409).</summary>
    InvalidState = 8,

    /// <summary>A requester tried to decide their own request (403).</summary>
    SelfApproval = 9,

    /// <summary>The target system did not answer or refused the admin credential (502).</summary>
    TargetUnavailable = 10,

    /// <summary>The credential given for the target does not log in (422).</summary>
    CredentialRejected = 11,

    /// <summary>A rotation is still pending on the target (409).</summary>
    RotationPending = 12,

    /// <summary>The audit log could not store the record, so the operation was refused (503).</summary>
    AuditUnavailable = 13,

    /// <summary>No valid credential came with the request (401).</summary>
    Unauthenticated = 14,

    /// <summary>The SSH target presented another host key than its pin; Kagi stopped using it until an admin
    /// re-pins (502).</summary>
    HostKeyMismatch = 15,

    /// <summary>The destination (target, relay, webhook, SIEM) could not be used: refused by Kagi's egress policy,
    /// unreachable, silent, or not speaking the protocol. One answer for all, so it maps nothing (422).</summary>
    TargetUnreachable = 30,

    /// <summary>The tenant tried too many target logins in a short time (429, Retry-After).</summary>
    VerificationPaced = 31,

    /// <summary>The operator suspended the tenant: nobody signs in or calls its API until it is resumed (403).</summary>
    TenantSuspended = 16,

    /// <summary>The change would leave the tenant without an enabled admin (409).</summary>
    LastAdmin = 17,

    // 100-199: sign-in (issue 3).

    /// <summary>The new password breaks the tenant's password policy (422).</summary>
    PasswordRejected = 100,

    /// <summary>The password was right but a second factor is needed, or was wrong or replayed (401).</summary>
    MfaRequired = 101,

    /// <summary>The account is locked for a while; the answer carries Retry-After (423).</summary>
    Locked = 102,

    /// <summary>The caller's IP address is outside the tenant's allow-list (403).</summary>
    IpNotAllowed = 103,

    /// <summary>Adaptive authentication judged the sign-in too risky (403).</summary>
    RiskBlocked = 104,

    /// <summary>Too many failed sign-ins came from this source; it is blocked for a while (429).</summary>
    SourceBlocked = 105,

    /// <summary>The change would lock its own author out; send it again with force (409).</summary>
    SelfLockout = 106,

    /// <summary>The session may only be used to finish a required step first:
    /// enrol MFA or change an expired password (403).</summary>
    StepRequired = 107,

    // 120-129: single sign-on (issue 12).

    /// <summary>The tenant signs in through its identity providers only; this account is no break-glass account (403).</summary>
    SsoOnly = 120,

    /// <summary>The identity provider's answer was not accepted, or maps to no Kagi role (403).</summary>
    SsoRefused = 121,

    // 130-139: identity providers' logout (issue 12).

    /// <summary>An identity provider's logout token did not pass Kagi's checks; nothing was ended (400).</summary>
    LogoutTokenRefused = 130,

    /// <summary>A request with the same Idempotency-Key is still being answered (409).</summary>
    IdempotencyKeyInUse = 200,

    /// <summary>The Idempotency-Key was already used for a request with another body (422).</summary>
    IdempotencyKeyReused = 201,

    // 210-219: connection security (issue 10).

    /// <summary>The connection asked for would not be protected, and the operator does not allow that there (422).</summary>
    InsecureConnection = 210,
}
