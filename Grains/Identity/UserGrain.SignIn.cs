using System.Collections.Immutable;
using System.Globalization;
using Kagi.Diagnostics;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Notifications;
using Kagi.Security;
using Kagi.Tenancy;

namespace Kagi.Identity;

public sealed partial class UserGrain
{
    /// <summary>
    /// Gathers the facts stage by stage and lets <see cref="SignInDecision"/> decide each: source block → lock →
    /// password → disabled → risk → second factor → role allow-lists → session. Later facts (the password hash,
    /// the risk score) are only fetched once the earlier stages let the attempt through.
    /// </summary>
    public async Task<SignInResult> SignInAsync(SignInAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var result = await DecideSignInAsync(attempt);
        KagiMetrics.SignIn(result.Session is not null, result.Reason);
        return result;
    }

    private async Task<SignInResult> DecideSignInAsync(SignInAttempt attempt)
    {
        var settings = await SettingsAsync();
        var now = time.GetUtcNow();
        var source = attempt.IpAddress is { } ip ? GrainFactory.GetGrain<ISignInSourceGrain>(GrainKeys.For(TenantId, ip)) : null;
        var blocked = source is null ? null : await source.BlockedForAsync();

        // An unknown username is locked by the same rule as a known one, so neither answer tells them apart.
        var known = state.State.Exists;
        var lockedFor = blocked is not null ? null
            : known ? new LockoutPolicy(settings.Lockout).LockedFor(state.State.Lockout, now) : await UnknownUsernames.LockedForAsync(LocalId);
        if (SignInDecision.BeforePassword(blocked, lockedFor) is { } closed)
        {
            return closed;
        }

        var storedHash = state.State.PasswordHash;
        var password = attempt.Password;
        var matches = await (known ? hasher.VerifyAsync(storedHash, password) : hasher.VerifyDecoyAsync(password));
        var (wrong, counts) = SignInDecision.Credentials(known, matches, state.State.Disabled);
        if (wrong is not null)
        {
            return counts ? await FailAsync(settings, source, wrong, attempt.IpAddress) : wrong;
        }

        // The password was right: score the attempt before letting it further.
        var scorer = new RiskScorer(settings.Adaptive);
        var context = new RiskContext(attempt.IpAddress, attempt.DeviceHash, RiskScorer.UserAgentHash(attempt.UserAgent), geo.Locate(attempt.IpAddress),
            source is null ? 0 : await source.FailedUsersAsync());
        var profile = await RiskProfileAsync();
        var assessment = scorer.Assess(profile, context, now, settings.Lockout.SprayUsers);
        if (SignInDecision.Risk(assessment, state.State.HasSecondFactor) is { } risky)
        {
            var isBlock = risky.Reason == SignInReasons.RiskBlocked;
            state.State = state.State with { Risk = scorer.RecordFailure(profile, RiskScorer.FailureWeight * 2, now) };
            await WriteWithRiskAsync();
            await AuditAsync("auth.risk-alert", "alert", attempt.IpAddress,
                $"decision={(isBlock ? "block" : "step-up-without-mfa")}; risk={assessment.Score}; signals={string.Join(",", assessment.Signals)}");
            await TellAdminsAsync(NotificationEvents.SecurityRiskAlert, now, attempt.IpAddress,
                ("decision", isBlock ? "too risky" : "needs a second factor the user does not have"), ("risk", assessment.Score.ToString(CultureInfo.InvariantCulture)),
                ("signals", string.Join(", ", assessment.Signals)));
            return risky;
        }

        var reason = SignInReasons.Password;
        var passkeyRequired = PasskeyRules.PasskeyRequired(settings.Mfa, state.State.Roles);
        if (state.State.HasSecondFactor)
        {
            var (next, mfaReason, refusal) = await CheckSecondFactorAsync(attempt, now, passkeyRequired);
            if (refusal is not null)
            {
                var refused = SignInDecision.Refuse(mfaReason, ProblemCode.MfaRequired, refusal.Message);
                var counted = mfaReason is not (SignInReasons.MfaMissing or SignInReasons.PasskeyRequired);
                return SignInDecision.WithRisk(counted ? await FailAsync(settings, source, refused, attempt.IpAddress) : refused, assessment);
            }

            state.State = next!;
            reason = mfaReason;
        }

        var secondFactorMet = PasskeyRules.SecondFactorMet(passkeyRequired, state.State.Mfa.Enabled, !state.State.Passkeys.IsDefaultOrEmpty);
        var terms = SignInDecision.Session(settings, state.State.Roles, secondFactorMet, attempt.IpAddress, state.State.PasswordChangedAt, now, attempt.MaximumLifetime);
        if (terms.Refusal is { } notAllowed)
        {
            return SignInDecision.WithRisk(notAllowed, assessment);
        }

        var policy = settings.PasswordPolicy;
        if (PasswordHasher.NeedsRehash(storedHash, policy.HashIterations, policy.HashMemoryMiB))
        {
            var rehash = await hasher.HashAsync(password, policy.HashIterations, policy.HashMemoryMiB);
            state.State = state.State with { PasswordHash = rehash };
        }

        var session = new SessionInfo(TenantId, LocalId, state.State.Roles, terms.ExpiresAt)
        {
            IdleTimeout = settings.Sessions.IdleTimeout,
            Restriction = terms.Restriction,
        };
        // One write for the session's admission, the lock's reset and what the risk profile learned from this sign-in.
        var (sessions, ending) = LiveSessions.Admit(state.State.Sessions, new SessionRef(attempt.SessionKey, session.ExpiresAt), s => s.ExpiresAt, now);
        state.State = state.State with
        {
            Lockout = LockoutPolicy.RecordSuccess(), Sessions = sessions, Risk = scorer.Learn(profile, context, now),
        };
        await WriteWithRiskAsync();
        await EndSessionsAsync(ending.Select(s => s.Key));
        await GrainFactory.GetGrain<ISessionGrain>(attempt.SessionKey).StartAsync(session);
        return SignInDecision.WithRisk(new SignInResult(session, reason), assessment);
    }

    private IUnknownUsernamesGrain UnknownUsernames => GrainFactory.GetGrain<IUnknownUsernamesGrain>(TenantId);

    /// <summary>A counted failure: towards the lock of the account, or of the unknown username, and the source's spraying block.</summary>
    private async Task<SignInResult> FailAsync(TenantSecuritySettings settings, ISignInSourceGrain? source, SignInResult failure, string? ipAddress)
    {
        var now = time.GetUtcNow();
        TimeSpan? lockedFor = null;
        if (state.State.Exists)
        {
            var lockout = new LockoutPolicy(settings.Lockout);
            var next = lockout.RecordFailure(state.State.Lockout, now);
            var risk = new RiskScorer(settings.Adaptive).RecordFailure(await RiskProfileAsync(), RiskScorer.FailureWeight, now);
            state.State = state.State with { Lockout = next, Risk = risk };
            await WriteWithRiskAsync();
            if (lockout.IsLocked(next, now))
            {
                // A locked user's attempts are refused before the password, so a lock seen here is new.
                lockedFor = lockout.RetryAfter(next, now);
                ScheduleUnlock();
                await TellAdminsAsync(NotificationEvents.SecurityUserLocked, now, ipAddress, ("failures", settings.Lockout.Threshold.ToString(CultureInfo.InvariantCulture)),
                    ("until", (now + lockedFor.Value).ToString("u", CultureInfo.InvariantCulture)));
            }
        }
        else
        {
            lockedFor = await UnknownUsernames.RecordFailureAsync(LocalId);
        }

        var blockedFor = source is null ? null : await source.RecordFailureAsync(LocalId);
        return SignInDecision.AfterFailure(failure, lockedFor, blockedFor);
    }

    /// <summary>A passkey, a TOTP code or a recovery code; the codes are refused to a role that must use its passkey.</summary>
    private async Task<(UserState? Next, string Reason, KagiException? Refusal)> CheckSecondFactorAsync(SignInAttempt attempt, DateTimeOffset now, bool passkeyRequired)
    {
        if (!string.IsNullOrWhiteSpace(attempt.Passkey))
        {
            return await CheckPasskeyAsync(attempt, now);
        }

        var mfa = state.State.Mfa;
        var codeGiven = !string.IsNullOrWhiteSpace(attempt.Totp) || !string.IsNullOrWhiteSpace(attempt.RecoveryCode);
        if (codeGiven && !PasskeyRules.OneTimeCodeAccepted(passkeyRequired, !state.State.Passkeys.IsDefaultOrEmpty))
        {
            return (null, SignInReasons.PasskeyRequired, new KagiException(ProblemCode.MfaRequired, "Your role signs in with a passkey (\"passkey\"); codes are not accepted."));
        }

        if (codeGiven && !mfa.Enabled)
        {
            return (null, SignInReasons.WrongTotp, new KagiException(ProblemCode.MfaRequired, "The code is wrong."));
        }

        if (!string.IsNullOrWhiteSpace(attempt.Totp))
        {
            var secret = await vault.OpenAsync(mfa.SealedSecret!, TotpContext);
            var check = TotpCodes.Verify(Convert.FromBase64String(secret), attempt.Totp, now, mfa.LastAcceptedStep);
            switch (check.Outcome)
            {
                case TotpOutcome.Accepted:
                    return (state.State with { Mfa = mfa with { LastAcceptedStep = check.Step } }, SignInReasons.PasswordAndTotp, null);
                case TotpOutcome.Replayed:
                    state.State = WithNotice(state.State, "totp-replay",
                        "A code from your authenticator was used again after it had been accepted. If that was not you, change your password.", attempt.IpAddress);
                    return (null, SignInReasons.TotpReplay, new KagiException(ProblemCode.MfaRequired, "This code was already used; wait for the next one."));
                default:
                    return (null, SignInReasons.WrongTotp, new KagiException(ProblemCode.MfaRequired, "The code is wrong."));
            }
        }

        if (!string.IsNullOrWhiteSpace(attempt.RecoveryCode))
        {
            return RecoveryCodes.Redeem(mfa.RecoveryCodeHashes, attempt.RecoveryCode) is { } remaining
                ? (state.State with { Mfa = mfa with { RecoveryCodeHashes = remaining } }, SignInReasons.PasswordAndRecoveryCode, null)
                : (null, SignInReasons.WrongRecoveryCode, new KagiException(ProblemCode.MfaRequired, "The recovery code is wrong or used."));
        }

        return (null, SignInReasons.MfaMissing, new KagiException(ProblemCode.MfaRequired,
            "Enter the code from your authenticator app (\"totp\"), a recovery code (\"recoveryCode\") or sign with a passkey (\"passkey\")."));
    }

    /// <summary>Tells the tenant's admins through the outbox: mail and webhook as they chose, and an in-app
    /// notice each (in their notice boxes, never their user grains, which may be alerting this one at the same moment).</summary>
    private async Task TellAdminsAsync(string eventName, DateTimeOffset now, string? ipAddress, params (string Key, string Value)[] details)
    {
        var parameters = details.ToImmutableDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal)
            .SetItem("tenant", TenantId).SetItem("username", LocalId).SetItem("time", now.ToString("u", CultureInfo.InvariantCulture))
            .SetItem("ip", ipAddress ?? "-");
        await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Caller.System(TenantId), new NotificationRequest(eventName, [], ToAdmins: true, parameters));
    }
}
