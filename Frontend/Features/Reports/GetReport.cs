using System.Text.Json.Serialization;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Kagi.Reports;
using MediatR;

namespace Kagi.Frontend.Features.Reports;

/// <summary>
/// GET /api/t/{tenant}/reports/{account-changes|user-changes|usage|reconciliation}?from=&amp;to=&amp;format=json|csv
/// (auditor, admin). The period defaults to the 30 days before now.
/// </summary>
public static class GetReport
{
    public const string AccountChanges = "account-changes";
    public const string UserChanges = "user-changes";
    public const string Usage = "usage";
    public const string Reconciliation = "reconciliation";
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaximumPeriod = TimeSpan.FromDays(400);

    [AllowedRoles(KagiRoles.Auditor, KagiRoles.Admin)]
    public sealed record Query(string TenantId, string Report, DateTimeOffset From, DateTimeOffset To, string Format) : MediatR.IRequest<Response>, IAuditedRequest, IIdempotentRequest
    {
        public string AuditAction => "report.read";
        public string? AuditSubject => Report;
        public string? AuditDetail => $"from {From.UtcDateTime:O} to {To.UtcDateTime:O} as {Format}";
    }

    /// <summary>The JSON answer; <see cref="Rows"/> holds the report's own row type.</summary>
    public sealed record Response(
        string Report,
        DateTimeOffset From,
        DateTimeOffset To,
        IReadOnlyList<object> Rows,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Unreconciled,
        [property: JsonIgnore] string Csv);

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Report is not (AccountChanges or UserChanges or Usage or Reconciliation))
            {
                errors.Add("report", $"must be {AccountChanges}, {UserChanges}, {Usage} or {Reconciliation}.");
            }

            if (request.From >= request.To || request.To - request.From > MaximumPeriod)
            {
                errors.Add("to", $"must be after 'from', at most {MaximumPeriod.TotalDays:0} days later.");
            }

            if (request.Format is not ("json" or "csv"))
            {
                errors.Add("format", "must be json or csv.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query request, CancellationToken cancellationToken)
        {
            var reports = cluster.GetGrain<IReportsGrain>(request.TenantId);
            var (from, to, caller) = (request.From, request.To, callers.Required);
            switch (request.Report)
            {
                case AccountChanges:
                    var accounts = await reports.AccountChangesAsync(caller, from, to);
                    return new Response(request.Report, from, to, [.. accounts], null, ReportCsv.Changes(accounts));
                case UserChanges:
                    var users = await reports.UserChangesAsync(caller, from, to);
                    return new Response(request.Report, from, to, [.. users], null, ReportCsv.Changes(users));
                case Usage:
                    var usage = await reports.UsageAsync(caller, from, to);
                    return new Response(request.Report, from, to, [.. usage], null, ReportCsv.Usage(usage));
                default:
                    var reconciliation = await reports.ReconciliationAsync(caller, from, to);
                    return new Response(request.Report, from, to, [.. reconciliation.Logins], reconciliation.Unreconciled, ReportCsv.Reconciliation(reconciliation.Logins));
            }
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/reports/{report}", async (string tenant, string report, DateTimeOffset? from, DateTimeOffset? to, string? format,
                TimeProvider time, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var until = to ?? time.GetUtcNow();
                var result = await mediator.Send(new Query(tenant, report, from ?? until - DefaultPeriod, until, format ?? "json"), cancellationToken);
                return format == "csv"
                    ? Results.Text(result.Csv, "text/csv; charset=utf-8")
                    : Results.Ok(result);
            }).RateLimited(RateLimitedKind.Export);
    }
}
