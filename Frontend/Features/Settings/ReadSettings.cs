using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Features.Settings;

/// <summary>GET /api/t/{tenant}/settings/{section} (admin): password-policy, lockout, ip-allowlist, mfa, sessions, adaptive-auth.</summary>
public static class ReadSettings
{
    public static IReadOnlyList<string> Sections { get; } = ["password-policy", "lockout", "ip-allowlist", "mfa", "sessions", "adaptive-auth"];

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId, string Section) : MediatR.IRequest<object>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler(IClusterClient cluster) : IRequestHandler<Query, object>
    {
        public async Task<object> Handle(Query request, CancellationToken cancellationToken)
        {
            var settings = await cluster.GetGrain<ITenantSecurityGrain>(request.TenantId).GetAsync();
            return SectionOf(settings, request.Section);
        }
    }

    /// <summary>One section of the settings as GET answers it (and as the console shows it after a save).</summary>
    public static object SectionOf(TenantSecuritySettings settings, string section)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return section switch
        {
            "password-policy" => settings.PasswordPolicy,
            "lockout" => LockoutBody.From(settings.Lockout),
            "ip-allowlist" => settings.IpAllowList,
            "mfa" => settings.Mfa,
            "adaptive-auth" => AdaptiveAuthBody.From(settings.Adaptive),
            _ => SessionsBody.From(settings.Sessions),
        };
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            foreach (var section in Sections)
            {
                routes.MapGet(Routes.Tenant + "/settings/" + section, async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(tenant, section), cancellationToken)));
            }
        }
    }
}
