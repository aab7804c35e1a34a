using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// POST /api/t/{tenant}/accounts/import (admin), body <c>text/csv</c> with the header
/// <c>id,targetId,username,password</c>. All or nothing: 200 with the count, or 422 naming every bad line.
/// </summary>
public static class ImportAccounts
{
    public const int MaximumBytes = 4 * 1024 * 1024;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Csv) : MediatR.IRequest<AccountImportResult>, IFailClosedRequest
    {
        public string AuditAction => "account.import";
        public string? AuditSubject => null;

        public override string ToString() => $"ImportAccounts {{ TenantId = {TenantId}, Bytes = {Csv.Length} }}";
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccountImportResult>
    {
        public Task<AccountImportResult> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccountImportGrain>(GrainKeys.For(request.TenantId, Guid.NewGuid().ToString("N"))).ImportAsync(callers.Required, request.Csv);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/accounts/import", async (string tenant, HttpRequest http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                if (http.ContentLength is > MaximumBytes)
                {
                    return Results.Problem(type: "/problems/invalid", title: "The request is invalid.", statusCode: 413, detail: $"Import files are limited to {MaximumBytes} bytes.");
                }

                using var reader = new StreamReader(http.Body);
                var result = await mediator.Send(new Command(tenant, await reader.ReadToEndAsync(cancellationToken)), cancellationToken);
                return result.Errors.IsEmpty
                    ? Results.Ok(result)
                    : Results.Problem(type: "/problems/import-refused", title: "Nothing was imported.", statusCode: StatusCodes.Status422UnprocessableEntity,
                        detail: $"{result.Errors.Length} line(s) were refused.",
                        extensions: new Dictionary<string, object?> { ["errors"] = result.Errors });
            });
    }
}
