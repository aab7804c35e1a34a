using System.Security.Claims;
using System.Text.Encodings.Web;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Scim;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// On /scim/ paths only a SCIM token of the route's tenant says who calls (<see cref="Selector"/> sends those paths
/// here instead of to the bearer handler, so no session, API token, cookie or operator token works there, and a SCIM
/// token works nowhere else). The client acts as an admin of its tenant named <c>scim:{token name}</c>, which no user
/// can be; every request it sends goes through the same pipeline (authorization, validation, audit) as an admin's.
/// A token of another tenant or a revoked one is unknown here: 401, counted against the source as every failed token
/// is (any other bearer token is refused too, uncounted: it is no guess at a SCIM token).
/// </summary>
public sealed class ScimAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FrontendSettings settings,
    IClusterClient cluster,
    ClusterRetry retry,
    BadTokenThrottle badTokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "KagiScim";
    public const string PathPrefix = "/scim";

    /// <summary>Present when the caller used a SCIM token: its id.</summary>
    public const string TokenClaim = "kagi:scim-token";

    private const string Prefix = "Bearer ";

    /// <summary>For the bearer scheme's <c>ForwardDefaultSelector</c>: SCIM paths authenticate here only.</summary>
    public static string? Selector(HttpContext http) => IsScimPath(http) ? SchemeName : null;

    public static bool IsScimPath(HttpContext http) => http?.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase) == true;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var tenantId = Context.GetRouteValue("tenant") as string;
        if (ScimTokens.HashOf(header[Prefix.Length..].Trim()) is not { } hash || !Identifiers.IsValidTenant(tenantId))
        {
            // Not a SCIM token at all (a session's, the operator's): no guess at one, so not counted.
            return AuthenticateResult.Fail("Not a SCIM token.");
        }

        // A read, safe to repeat when the grain's silo was lost.
        var token = await retry.RunAsync(() => cluster.GetGrain<IScimTokensGrain>(tenantId!).AuthenticateAsync(hash), Context.RequestAborted);
        if (token is null)
        {
            badTokens.Failed(ClientAddress.SourceOf(Context, settings.TrustedProxies));
            return AuthenticateResult.Fail("Unknown SCIM token.");
        }

        Claim[] claims =
        [
            new(KagiClaims.Tenant, tenantId!),
            new(ClaimTypes.Name, token.Actor),
            new(ClaimTypes.Role, KagiRoles.Admin),
            new(TokenClaim, token.Id),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
