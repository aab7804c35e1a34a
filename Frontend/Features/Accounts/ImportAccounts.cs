using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// POST /api/t/{tenant}/accounts/import (admin), body <c>text/csv</c> with the header
/// <c>id,targetId,username,password</c>. A file with any malformed line is refused whole (422 naming every bad line);
/// otherwise 202 with the queued job and <c>Location: /api/t/{tenant}/imports/{id}</c>, where its progress and each
/// line's result are read (<see cref="GetImport"/>): a large file takes longer than one call may.
/// </summary>
public static class ImportAccounts
{
    public const int MaximumBytes = 4 * 1024 * 1024;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Csv) : MediatR.IRequest<AccountImportStart>, IFailClosedRequest
    {
        /// <summary>The job's id, chosen here so the audit intent names it.</summary>
        public string JobId { get; init; } = Guid.NewGuid().ToString("N");

        public string AuditAction => "account.import";
        public string? AuditSubject => JobId;

        public override string ToString() => $"ImportAccounts {{ TenantId = {TenantId}, JobId = {JobId}, Bytes = {Csv.Length} }}";
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccountImportStart>
    {
        public Task<AccountImportStart> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccountImportJobGrain>(GrainKeys.For(request.TenantId, request.JobId)).StartAsync(callers.Required, request.Csv);
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
                return result.Job is { } job
                    ? Results.Accepted($"/api/t/{tenant}/imports/{job.Id}", job)
                    : Results.Problem(type: "/problems/import-refused", title: "Nothing was imported.", statusCode: StatusCodes.Status422UnprocessableEntity,
                        detail: $"{result.Errors.Length} line(s) were refused.",
                        extensions: new Dictionary<string, object?> { ["errors"] = result.Errors });
            });
    }
}
