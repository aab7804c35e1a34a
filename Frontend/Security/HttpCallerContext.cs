using System.Security.Claims;
using Kagi.Identity;

namespace Kagi.Frontend.Security;

public sealed class HttpCallerContext(IHttpContextAccessor accessor, FrontendSettings settings) : ICallerContext
{
    public const int MaximumUserAgentLength = 200;

    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    public Caller? Caller
    {
        get
        {
            var user = User;
            var tenant = user?.FindFirstValue(KagiClaims.Tenant);
            var name = user?.FindFirstValue(ClaimTypes.Name);
            return user is null || tenant is null || name is null
                ? null
                : new Caller(tenant, name, [.. user.FindAll(ClaimTypes.Role).Select(claim => claim.Value)], IpAddress);
        }
    }

    public bool IsOperator => User?.HasClaim(KagiClaims.Operator, "true") == true;

    public string? IpAddress
    {
        get
        {
            var http = accessor.HttpContext;
            return http is null
                ? null
                : ClientAddress.Resolve(http.Connection.RemoteIpAddress, http.Request.Headers["X-Forwarded-For"], settings.TrustedProxies)?.ToString();
        }
    }

    public string? UserAgent
    {
        get
        {
            string? agent = accessor.HttpContext?.Request.Headers.UserAgent;
            return string.IsNullOrWhiteSpace(agent) ? null : agent.Length > MaximumUserAgentLength ? agent[..MaximumUserAgentLength] : agent;
        }
    }

    public string? SessionKey => User?.FindFirstValue(KagiClaims.Session);

    public bool IsApiToken => User?.FindFirstValue(KagiClaims.ApiToken) is not null;

    public SessionRestriction Restriction =>
        Enum.TryParse<SessionRestriction>(User?.FindFirstValue(KagiClaims.Restriction), out var restriction) ? restriction : SessionRestriction.None;
}
