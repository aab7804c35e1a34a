using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Domain.Sso;
using Kagi.Domain.Sso.Logout;
using Kagi.Sso;

namespace Kagi.Identity;

public sealed partial class UserGrain
{
    /// <summary>
    /// A single sign-on: <see cref="SsoSignInRules"/> (mapped role, not deleted, not disabled, same provider subject) →
    /// risk → allow-lists and session terms → the user created just in time, or refreshed to the mapped roles and
    /// groups (a role taken away ends the sessions made with it; the admin seats are asked first) → session. No
    /// password or lockout is involved: the identity provider authenticated the person.
    /// </summary>
    public async Task<SignInResult> SsoSignInAsync(Caller caller, SsoSignInAttempt attempt)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(attempt);
        var identity = attempt.Identity;
        var known = state.State.Exists;
        if (SsoSignInRules.Refusal(identity, state.State.Deleted, known && state.State.Disabled, known ? state.State.Sso : null) is { } refused)
        {
            return refused;
        }

        var settings = await SettingsAsync();
        var now = time.GetUtcNow();
        var scorer = new RiskScorer(settings.Adaptive);
        var context = new RiskContext(attempt.IpAddress, attempt.DeviceHash, RiskScorer.UserAgentHash(attempt.UserAgent), geo.Locate(attempt.IpAddress), 0);
        var profile = await RiskProfileAsync();
        var assessment = scorer.Assess(profile, context, now, settings.Lockout.SprayUsers);
        if (SignInDecision.Risk(assessment, identity.MultiFactor) is { } risky)
        {
            // Kept for a user not created yet too (a state without Exists), as the profile's own grain kept it.
            state.State = state.State with { Risk = scorer.RecordFailure(profile, RiskScorer.FailureWeight * 2, now) };
            await WriteWithRiskAsync();
            await AuditAsync("auth.risk-alert", "alert", attempt.IpAddress,
                $"decision={(risky.Reason == SignInReasons.RiskBlocked ? "block" : "step-up-without-mfa")}; risk={assessment.Score}; signals={string.Join(",", assessment.Signals)}; idp={identity.ProviderId}");
            return risky;
        }

        // The provider is the second factor's judge: the tenant's requirement is met only when it reports one.
        var terms = SignInDecision.Session(settings, identity.Roles, identity.MultiFactor, attempt.IpAddress, now, now, attempt.MaximumLifetime);
        if (terms.Refusal is { } notAllowed)
        {
            return SignInDecision.WithRisk(notAllowed, assessment);
        }

        if (terms.Restriction == SessionRestriction.EnrolMfa)
        {
            return SignInDecision.WithRisk(SsoSignInRules.SecondFactorMissing(), assessment);
        }

        var refreshed = known
            ? state.State with { Roles = identity.Roles, Groups = ProfileRules.NormalizeGroups(identity.Groups) }
            : new UserState { Exists = true, Roles = identity.Roles, Groups = ProfileRules.NormalizeGroups(identity.Groups), CreatedAt = now, PasswordChangedAt = now };
        refreshed = refreshed with { Sso = new SsoLink(identity.ProviderId, identity.Subject), Risk = scorer.Learn(profile, context, now) };
        var rolesChanged = known && !state.State.Roles.SequenceEqual(identity.Roles);
        var groupsChanged = known && !state.State.Groups.SequenceEqual(refreshed.Groups);
        var ending = ImmutableArray<string>.Empty;
        if (rolesChanged || groupsChanged)
        {
            await ClaimDirectoryChangeAsync(DirectoryEntryOf(refreshed));
            if (state.State.Roles.Except(identity.Roles, StringComparer.Ordinal).Any())
            {
                (refreshed, ending) = WithoutSessionsOrTokens(refreshed, "Your identity provider no longer gives you a role", attempt.IpAddress);
            }
        }

        var session = new SessionInfo(TenantId, LocalId, refreshed.Roles, terms.ExpiresAt)
        {
            IdleTimeout = settings.Sessions.IdleTimeout,
            Restriction = terms.Restriction,
        };
        var (sessions, overLimit) = LiveSessions.Admit(refreshed.Sessions, new SessionRef(attempt.SessionKey, session.ExpiresAt), s => s.ExpiresAt, now);
        state.State = refreshed with { Sessions = sessions };
        await WriteWithRiskAsync();
        await EndSessionsAsync(ending.Concat(overLimit.Select(s => s.Key)));
        if (!known)
        {
            await ReportDirectoryEntryAsync();
        }

        await RememberForProviderLogoutAsync(attempt, session.ExpiresAt);
        await GrainFactory.GetGrain<ISessionGrain>(attempt.SessionKey).StartAsync(session);
        return SignInDecision.WithRisk(new SignInResult(session, known ? attempt.Method : attempt.Method + "+created"), assessment);
    }

    /// <summary>
    /// An OpenID Connect session is remembered under the provider's subject and, when the id_token named one, the
    /// provider's session, so the provider's back-channel logout can end it. Before the session starts: a session
    /// Kagi could not remember never starts, so none outlives the provider's logout unnoticed.
    /// </summary>
    private async Task RememberForProviderLogoutAsync(SsoSignInAttempt attempt, DateTimeOffset expiresAt)
    {
        if (attempt.Method != SsoReasons.Oidc)
        {
            return;
        }

        var identity = attempt.Identity;
        var entry = new IdpSessionEntry(attempt.SessionKey, LocalId, expiresAt);
        await GrainFactory.GetGrain<IIdpSessionsGrain>(IdpSessionKeys.BySubject(TenantId, identity.ProviderId, identity.Subject)).RememberAsync(Caller.System(TenantId), entry);
        if (identity.SessionId is { } sid)
        {
            await GrainFactory.GetGrain<IIdpSessionsGrain>(IdpSessionKeys.BySession(TenantId, identity.ProviderId, sid)).RememberAsync(Caller.System(TenantId), entry);
        }
    }
}
