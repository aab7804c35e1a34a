using Kagi.Errors;
using Kagi.Frontend.Features.Auth;
using Kagi.Frontend.Security;
using Kagi.Identity;
using Kagi.Sso;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// The end every single sign-on shares, whatever the provider's kind: the flow grain's outcome is traced for the audit
/// record, then the user grain runs the checks every sign-in shares (disabled, risk, allow-lists), creates or refreshes
/// the user and starts the session. Answers the session token as <c>/auth/login</c> does.
/// </summary>
public static class SsoCompletion
{
    public static async Task<CompleteSso.Response> SignInAsync(IClusterClient cluster, ICallerContext callers, FrontendSettings settings,
        string tenantId, SsoOutcome outcome, string? deviceToken, SsoTrace trace)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(callers);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(trace);
        trace.ForConsole = outcome.ForConsole;
        trace.Reason = outcome.Reason;
        trace.Subject = outcome.Identity?.Subject;
        trace.Username = outcome.Identity?.Username;
        if (outcome.Identity is not { } identity || outcome.Message is not null)
        {
            throw new KagiException(ProblemCode.SsoRefused, outcome.Message ?? "The single sign-on was refused.");
        }

        var token = SessionTokens.Issue(tenantId);
        var newDevice = string.IsNullOrWhiteSpace(deviceToken);
        var device = newDevice ? DeviceTokens.Issue() : deviceToken!;
        var attempt = new SsoSignInAttempt(identity, callers.IpAddress, callers.UserAgent, SessionTokens.GrainKeyOf(token)!)
        {
            DeviceHash = DeviceTokens.Hash(device),
            MaximumLifetime = settings.SessionLifetime,
            Method = outcome.Reason,
        };
        var result = await cluster.GetGrain<IUserGrain>(GrainKeys.For(tenantId, identity.Username)).SsoSignInAsync(Caller.System(tenantId), attempt);
        trace.Reason = result.Reason;
        trace.RiskScore = result.RiskScore;
        trace.RiskSignals = result.RiskSignals;
        if (result.Session is not { } session)
        {
            throw new KagiException(result.Refusal ?? ProblemCode.SsoRefused, result.Message ?? "The single sign-on was refused.");
        }

        return new CompleteSso.Response(token, session.ExpiresAt, identity.Username,
            session.Restriction == SessionRestriction.None ? null : Restrictions.Name(session.Restriction), newDevice ? device : null);
    }
}
