using System.Security.Claims;

namespace Kagi.Frontend.Security;

public sealed class HttpCallerContext(IHttpContextAccessor accessor) : ICallerContext
{
    public Caller? Caller
    {
        get
        {
            var user = accessor.HttpContext?.User;
            var tenant = user?.FindFirstValue(KagiClaims.Tenant);
            var name = user?.FindFirstValue(ClaimTypes.Name);
            return user is null || tenant is null || name is null
                ? null
                : new Caller(tenant, name, [.. user.FindAll(ClaimTypes.Role).Select(claim => claim.Value)], IpAddress);
        }
    }

    public bool IsOperator => accessor.HttpContext?.User.HasClaim(KagiClaims.Operator, "true") == true;

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
