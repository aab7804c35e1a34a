using System.Globalization;
using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// GET /api/t/{tenant}/audit?limit=&amp;continuation=&amp;from=&amp;to=&amp;kind=&amp;actor=&amp;accountId=&amp;requestId=&amp;result=
/// (auditor, admin): newest first.
/// </summary>
public static class ReadAudit
{
    public const int DefaultLimit = 100;

    [AllowedRoles(KagiRoles.Auditor, KagiRoles.Admin)]
    public sealed record Query(string TenantId, int Limit, string? Continuation, AuditQueryParameters Filter) : MediatR.IRequest<Response>, IAuditedRequest, IIdempotentRequest
    {
        public string AuditAction => "audit.read";
        public string? AuditSubject => null;
    }

    public sealed record AuditEntry(
        long Sequence, DateTimeOffset Time, string Actor, string Action, string? Subject, string Result,
        string? IpAddress, string? Detail, string PreviousHash, string Hash, string? AccountId, string? RequestId)
    {
        public static AuditEntry Of(AuditRecord r) => new(r.Sequence, r.Event.Time, r.Event.Actor, r.Event.Action, r.Event.Subject,
            r.Event.Result, r.Event.IpAddress, r.Event.Detail, r.PreviousHash, r.Hash, r.Event.AccountId, r.Event.RequestId);
    }

    public sealed record Response(IReadOnlyList<AuditEntry> Events, string? Continuation);

    public sealed class Validator : IRequestValidator<Query>
    {
        public void Validate(Query request, ValidationErrors errors)
        {
            if (request.Limit is < 1 or > AuditLimits.MaximumPageSize)
            {
                errors.Add("limit", $"must be from 1 to {AuditLimits.MaximumPageSize}.");
            }

            if (request.Continuation is not null && !long.TryParse(request.Continuation, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                errors.Add("continuation", "must be a value returned by an earlier page.");
            }

            request.Filter.Validate(errors);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query request, CancellationToken cancellationToken)
        {
            long? before = request.Continuation is null ? null : long.Parse(request.Continuation, CultureInfo.InvariantCulture);
            var page = await cluster.GetGrain<IAuditLogGrain>(request.TenantId).QueryAsync(callers.Required, request.Filter.ToFilter(), before, request.Limit);
            return new Response(page.Records.Select(AuditEntry.Of).ToList(), page.NextBeforeSequence?.ToString(CultureInfo.InvariantCulture));
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapGet(Routes.Tenant + "/audit", async (string tenant, int? limit, string? continuation,
                [AsParameters] AuditQueryParameters filter, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Query(tenant, limit ?? DefaultLimit, continuation, filter), cancellationToken)));
    }
}
