using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>POST /api/t/{tenant}/accounts (admin): brings an existing account on a target under management.</summary>
public static class CreateAccount
{
    public sealed record Body([property: Identifier] string Id, [property: Identifier] string TargetId, string Username, string Password)
    {
        public override string ToString() => $"CreateAccount {{ Id = {Id}, TargetId = {TargetId}, Username = {Username} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, Body Account) : MediatR.IRequest<AccountInfo>, IFailClosedRequest
    {
        public string AuditAction => "account.create";
        public string? AuditSubject => Account.Id;
        public string? AuditAccountId => Account.Id;
        public string? AuditDetail => $"target {Account.TargetId} username {Account.Username}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.Account.Id);
            errors.Identifier("targetId", request.Account.TargetId);
            errors.Required("username", request.Account.Username, 128);
            errors.Required("password", request.Account.Password, 1024);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccountInfo>
    {
        public Task<AccountInfo> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.Account.Id)).RegisterAsync(callers.Required,
                new AccountRegistration(request.Account.TargetId, request.Account.Username, request.Account.Password));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/accounts", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var account = await mediator.Send(new Command(tenant, body), cancellationToken);
                return TypedResults.Created($"/api/t/{tenant}/accounts/{account.Id}", account);
            });
    }
}
