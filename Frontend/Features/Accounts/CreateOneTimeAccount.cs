using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>POST /api/t/{tenant}/accounts/one-time (admin): registers a one-time account template on a target.
/// Requests and check-outs then name it like any account; each check-out creates its own account.</summary>
public static class CreateOneTimeAccount
{
    public sealed record Body([property: Identifier] string Id, [property: Identifier] string TargetId, string Prefix, string[]? Grants = null, OneTimeEndAction EndAction = OneTimeEndAction.Remove);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, Body Template) : MediatR.IRequest<AccountInfo>, IFailClosedRequest
    {
        public string AuditAction => "account.create";
        public string? AuditSubject => Template.Id;
        public string? AuditAccountId => Template.Id;
        public string? AuditDetail =>
            $"one-time on target {Template.TargetId} prefix {Template.Prefix} grants [{string.Join(", ", Template.Grants ?? [])}] end {Template.EndAction}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.Template.Id);
            errors.Identifier("targetId", request.Template.TargetId);
            errors.Required("prefix", request.Template.Prefix, 16);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccountInfo>
    {
        public Task<AccountInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.Template.Id)).RegisterOneTimeAsync(callers.Required,
                new OneTimeTemplate(request.Template.TargetId, request.Template.Prefix, [.. request.Template.Grants ?? []], request.Template.EndAction));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/accounts/one-time", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var account = await mediator.Send(new Command(tenant, body), cancellationToken);
                return TypedResults.Created($"/api/t/{tenant}/accounts/{account.Id}", account);
            });
    }
}
