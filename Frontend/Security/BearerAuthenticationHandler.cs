using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.RateLimiting;
using Kagi.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kagi.Frontend.Security;

/// <summary>
/// Accepts the operator token, or a session token checked against its session grain, as a bearer
/// token or (on console pages only) in the console's cookie; the session's answer may be one
/// <see cref="RecentAnswers"/> kept for up to a second. Saying who the caller is stops here; what
/// they may do is decided by the authorization behavior. Every token that fails is counted against its
/// source (<see cref="BadTokenThrottle"/>).
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FrontendSettings settings,
    IClusterClient cluster,
    ClusterRetry retry,
    BadTokenThrottle badTokens,
    RecentAnswers answers) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string token;
        if (header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            token = header[Prefix.Length..].Trim();
        }
        else if (Console.ConsoleSession.TokenOf(Request) is { } cookie)
        {
            // The console's cookie carries a session token, never the operator's.
            return await SessionAsync(cookie);
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (IsOperatorToken(token))
        {
            return Success([new Claim(KagiClaims.Operator, "true")]);
        }

        return await SessionAsync(token);
    }

    private async Task<AuthenticateResult> SessionAsync(string token)
    {
        if (SessionTokens.GrainKeyOf(token) is not { } key)
        {
            badTokens.Failed(ClientAddress.SourceOf(Context, settings.TrustedProxies));
            return AuthenticateResult.Fail("Malformed token.");
        }

        // Validating is a read (plus "seen now"), safe to repeat when the session's silo was lost. A valid answer is kept
        // for at most a second (RecentAnswers), so a revocation still takes effect within one.
        var session = await answers.SessionAsync(key, () => retry.RunAsync(() => cluster.GetGrain<ISessionGrain>(key).ValidateAsync(), Context.RequestAborted));
        if (session is null)
        {
            badTokens.Failed(ClientAddress.SourceOf(Context, settings.TrustedProxies));
            return AuthenticateResult.Fail("Unknown or expired token.");
        }

        var claims = new List<Claim> { new(KagiClaims.Tenant, session.TenantId), new(ClaimTypes.Name, session.Username), new(KagiClaims.Session, key) };
        claims.AddRange(session.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        if (session.ApiTokenId is { } tokenId)
        {
            claims.Add(new Claim(KagiClaims.ApiToken, tokenId));
        }

        if (session.Restriction != SessionRestriction.None)
        {
            claims.Add(new Claim(KagiClaims.Restriction, session.Restriction.ToString()));
        }
        return Success(claims);
    }

    private bool IsOperatorToken(string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(settings.OperatorToken));

    private AuthenticateResult Success(IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
}
