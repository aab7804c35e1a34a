using System.Globalization;
using Kagi.Frontend.Features.Audit;
using Kagi.Frontend.Features.Reports;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.RateLimiting;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Kagi.Frontend.Console;

/// <summary>
/// The console's downloads: the audit export and a report's rows as CSV. They live under the tenant's
/// console path, where the console's cookie is sent and read (the API under <c>/api</c> never reads
/// it), and send the same requests as the API's export and report, so the pipeline authorizes, audits
/// and rate-limits them alike. Without a session the pipeline refuses them (401).
/// </summary>
public static class ConsoleDownloads
{
    private const string Tenant = "/t/{tenant:" + TenantIdRouteConstraint.Name + "}";

    public static void MapConsoleDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Tenant + "/audit/export", async (string tenant, string? format, [AsParameters] AuditQueryParameters filter,
            HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var export = await mediator.Send(new ExportAudit.Query(tenant, format ?? AuditExportWriter.Csv, filter), cancellationToken);
            await ExportAudit.WriteAsync(http, tenant, export, cancellationToken);
        }).RateLimited(RateLimitedKind.Export).ExcludeFromDescription();

        routes.MapGet(Tenant + "/reports/{report}/csv", async (string tenant, string report, DateTimeOffset from, DateTimeOffset to,
            HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            // A report the console does not draw is sent as none, for the validator to refuse after authorization.
            var answer = await mediator.Send(new GetReport.Query(tenant, ConsoleReports.SourceOf(report) ?? "", from, to, "csv"), cancellationToken);
            var day = from.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{report}-{tenant}-{day}.csv\"";
            return Results.Text(ConsoleReports.Csv(report, answer), "text/csv; charset=utf-8");
        }).RateLimited(RateLimitedKind.Export).ExcludeFromDescription();
    }
}
