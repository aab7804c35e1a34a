using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// The sign-in policy, stage by stage, in the order the user grain learns the facts:
/// source block → lock → password → disabled → risk → second factor → role allow-lists → session.
/// The lock is decided before the password is looked at, so a locked account says nothing about it; an unknown
/// username and a wrong password get the same answer. Each stage answers a refusal, or null to go on.
/// </summary>
public static class SignInDecision
{
    public const string InvalidCredentials = "The username or password is wrong.";
    public const string LockedMessage = "The account is locked for a while.";
    public const string SourceBlockedMessage = "Too many failed sign-ins from your address; try again later.";

    /// <summary>Before the password is checked: a blocked source first, then a locked account (or unknown username).</summary>
    public static SignInResult? BeforePassword(TimeSpan? sourceBlockedFor, TimeSpan? lockedFor) =>
        sourceBlockedFor is { } blocked ? Refuse(SignInReasons.SourceBlocked, ProblemCode.SourceBlocked, SourceBlockedMessage, blocked)
        : lockedFor is { } locked ? Refuse(SignInReasons.Locked, ProblemCode.Locked, LockedMessage, locked)
        : null;

    /// <summary>The password: unknown user or wrong password is a failure that counts towards the locks; a disabled
    /// user with the right password is refused with the same words, uncounted.</summary>
    public static (SignInResult? Refusal, bool CountsAsFailure) Credentials(bool known, bool passwordMatches, bool disabled) =>
        !known ? (Refuse(SignInReasons.UnknownUser, ProblemCode.InvalidCredentials, InvalidCredentials), true)
        : !passwordMatches ? (Refuse(SignInReasons.WrongPassword, ProblemCode.InvalidCredentials, InvalidCredentials), true)
        : disabled ? (Refuse(SignInReasons.Disabled, ProblemCode.InvalidCredentials, InvalidCredentials), false)
        : (null, false);

    /// <summary>The answer to a counted failure: a lock it caused beats a source block it caused, which beats the failure itself.</summary>
    public static SignInResult AfterFailure(SignInResult failure, TimeSpan? lockedFor, TimeSpan? sourceBlockedFor)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return lockedFor is { } locked ? Refuse(failure.Reason + ";locked", ProblemCode.Locked, LockedMessage, locked)
            : sourceBlockedFor is { } blocked ? Refuse(failure.Reason + ";source-blocked", ProblemCode.SourceBlocked, SourceBlockedMessage, blocked)
            : failure;
    }

    /// <summary>The risk score, once the password was right: a block refuses, and so does a step-up for someone without a second factor.</summary>
    public static SignInResult? Risk(RiskAssessment assessment, bool mfaEnabled)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var refusal = assessment.Decision switch
        {
            RiskDecision.Block => Refuse(SignInReasons.RiskBlocked, ProblemCode.RiskBlocked, RiskMessage),
            RiskDecision.StepUp when !mfaEnabled => Refuse(SignInReasons.RiskStepUpWithoutMfa, ProblemCode.RiskBlocked, RiskMessage),
            _ => null,
        };
        return refusal is null ? null : WithRisk(refusal, assessment);
    }

    /// <summary>
    /// After every factor passed: the role allow-lists, then what the session may do (enrol a second factor the
    /// tenant requires, else change an expired password) and when it ends (the tenant's lifetime, or the caller's shorter cap).
    /// </summary>
    public static SessionTerms Session(
        TenantSecuritySettings settings, ImmutableArray<string> roles, bool mfaEnabled, string? ipAddress,
        DateTimeOffset passwordChangedAt, DateTimeOffset now, TimeSpan? maximumLifetime)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var restriction = !mfaEnabled && PasskeyRules.SecondFactorRequired(settings.Mfa, roles)
            ? SessionRestriction.EnrolMfa
            : SessionRestriction.None;
        if (!new IpAllowList(settings.IpAllowList).Allows(ipAddress, roles))
        {
            return new SessionTerms(Refuse(SignInReasons.IpNotAllowed, ProblemCode.IpNotAllowed, "Your address is not allowed to sign in to this tenant."), restriction, now);
        }

        if (restriction == SessionRestriction.None && new PasswordPolicy(settings.PasswordPolicy).IsExpired(passwordChangedAt, now))
        {
            restriction = SessionRestriction.ChangePassword;
        }

        var lifetime = maximumLifetime is { } cap && cap < settings.Sessions.Lifetime ? cap : settings.Sessions.Lifetime;
        return new SessionTerms(null, restriction, now + lifetime);
    }

    public static SignInResult WithRisk(SignInResult result, RiskAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(assessment);
        return result with { RiskScore = assessment.Score, RiskSignals = assessment.Signals };
    }

    public static SignInResult Refuse(string reason, ProblemCode code, string message, TimeSpan? retryAfter = null) =>
        new(null, reason) { Refusal = code, Message = message, RetryAfter = retryAfter };

    private const string RiskMessage = "This sign-in looks unusual and was refused; your administrators were alerted.";
}

/// <summary>The session a sign-in gets, or why it gets none (<see cref="Refusal"/>).</summary>
public sealed record SessionTerms(SignInResult? Refusal, SessionRestriction Restriction, DateTimeOffset ExpiresAt);
