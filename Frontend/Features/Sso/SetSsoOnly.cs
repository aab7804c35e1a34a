using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>PUT /api/t/{tenant}/sso/sso-only (admin) <c>{"ssoOnly":true,"breakGlass":["root-admin"]}</c>: with "SSO only"
/// on, password sign-in is refused (403 <c>sso-only</c>) for everyone but the break-glass accounts. Turning it on needs a
/// provider and at least one break-glass account.</summary>
public static class SetSsoOnly
{
    public sealed record Body(bool SsoOnly, ImmutableArray<string>? BreakGlass = null);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, bool SsoOnly, ImmutableArray<string> BreakGlass) : MediatR.IRequest<SsoSettingsView>, IFailClosedRequest
    {
        public string AuditAction => "sso.sso-only";
        public string? AuditSubject => "sso";
        public string? AuditDetail => $"ssoOnly={(SsoOnly ? "on" : "off")}; breakGlass={string.Join(",", BreakGlass)}";
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, SsoSettingsView>
    {
        public Task<SsoSettingsView> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).SetSsoOnlyAsync(callers.Required, request.SsoOnly, request.BreakGlass);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/sso/sso-only", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, body.SsoOnly,
                    [.. (body.BreakGlass ?? []).Select(name => Identifiers.Fold(name) ?? "")]), cancellationToken)));
    }
}
