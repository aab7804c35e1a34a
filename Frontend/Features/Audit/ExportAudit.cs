using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// GET /api/t/{tenant}/audit/export?format=csv|jsonl&amp;from=&amp;to=&amp;kind=&amp;actor=&amp;accountId=&amp;requestId=&amp;result=
/// (auditor, admin): every matching event, newest first, streamed page by page with no size cap.
/// </summary>
public static class ExportAudit
{
    [AllowedRoles(KagiRoles.Auditor, KagiRoles.Admin)]
    public sealed record Query(string TenantId, string Format, AuditQueryParameters Filter) : MediatR.IRequest<Response>, IAuditedRequest
    {
        public string AuditAction => "audit.export";
        public string? AuditSubject => null;
        public string? AuditDetail => "format " + Format;
    }

    /// <summary>The records, read lazily while the response is written.</summary>
    public sealed record Response(string Format, IAsyncEnumerable<AuditRecord> Records);

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Format is not (AuditExportWriter.Csv or AuditExportWriter.JsonLines))
            {
                errors.Add("format", "must be csv or jsonl.");
            }

            request.Filter.Validate(errors);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, Response>
    {
        public Task<Response> Handle(Query request, CancellationToken cancellationToken)
        {
            var log = cluster.GetGrain<IAuditLogGrain>(request.TenantId);
            return Task.FromResult(new Response(request.Format, AuditPager.ReadAllAsync(log, callers.Required, request.Filter.ToFilter(), cancellationToken)));
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/audit/export", async (string tenant, string? format, [AsParameters] AuditQueryParameters filter,
                HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var export = await mediator.Send(new Query(tenant, format ?? AuditExportWriter.Csv, filter), cancellationToken);
                await WriteAsync(http, tenant, export, cancellationToken);
            }).RateLimited(RateLimitedKind.Export);
    }

    /// <summary>Streams an export as a download; the API and the console's export link answer alike.</summary>
    public static async Task WriteAsync(HttpContext http, string tenant, Response export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(export);
        http.Response.ContentType = AuditExportWriter.ContentType(export.Format);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{tenant}.{export.Format}\"";
        await AuditExportWriter.WriteAsync(export.Format, export.Records, http.Response.Body, cancellationToken);
    }
}
