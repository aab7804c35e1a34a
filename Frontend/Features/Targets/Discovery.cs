using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>
/// Discovery (棚卸) on a target (admin): <c>POST …/targets/{id:id}/discover</c> scans and compares with the
/// vault, <c>GET</c> returns the last report, <c>POST …/targets/{id:id}/adopt {"accounts":[{"username","id"}]}</c>
/// brings unmanaged accounts under management (Kagi sets a fresh password on each) as an import job: 202 with the job
/// and <c>Location: /api/t/{tenant}/imports/{jobId}</c>, where its progress and each account's result are read
/// (<see cref="Accounts.GetImport"/>).
/// </summary>
public static class Discovery
{
    public sealed record AdoptBody(ImmutableArray<AdoptedAccount> Accounts);

    public sealed record AdoptedAccount(string Username, [property: Identifier] string Id);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Scan(string TenantId, string TargetId) : MediatR.IRequest<DiscoveryReport>, IFailClosedRequest
    {
        public string AuditAction => "target.discover";
        public string? AuditSubject => TargetId;
    }

    [AllowedRoles(KagiRoles.Admin, KagiRoles.Auditor)]
    public sealed record LastReport(string TenantId, string TargetId) : MediatR.IRequest<DiscoveryReport>, ITenantRequest, IIdempotentRequest;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Adopt(string TenantId, string TargetId, AdoptBody Body) : MediatR.IRequest<AccountImportJob>, IFailClosedRequest
    {
        /// <summary>The job's id, chosen here so the audit intent names it.</summary>
        public string JobId { get; init; } = Guid.NewGuid().ToString("N");

        public string AuditAction => "target.adopt";
        public string? AuditSubject => TargetId;
        public string? AuditDetail => $"job {JobId}: " + string.Join(", ", Body.Accounts.IsDefault ? [] : Body.Accounts.Select(a => $"{a.Username}→{a.Id}"));
    }

    public sealed class AdoptValidator : IRequestValidator<Adopt>
    {
        public void Validate(Adopt request, ValidationErrors errors)
        {
            errors.Identifier("id", request.TargetId);
            if (request.Body.Accounts.IsDefaultOrEmpty || request.Body.Accounts.Length > 500)
            {
                errors.Add("accounts", "must list 1 to 500 accounts.");
                return;
            }

            if (request.Body.Accounts.Select(a => a.Username).Distinct(StringComparer.Ordinal).Count() != request.Body.Accounts.Length)
            {
                errors.Add("accounts", "must not name a username twice.");
            }

            foreach (var account in request.Body.Accounts.Where(a => !Identifiers.IsValid(a.Id)))
            {
                errors.Add("accounts", $"'{account.Id}' must be {Identifiers.Rule}.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) :
        IRequestHandler<Scan, DiscoveryReport>, IRequestHandler<LastReport, DiscoveryReport>, IRequestHandler<Adopt, AccountImportJob>
    {
        public Task<DiscoveryReport> Handle(Scan request, CancellationToken cancellationToken) =>
            Grain(request.TenantId, request.TargetId).DiscoverAsync(callers.Required);

        public async Task<DiscoveryReport> Handle(LastReport request, CancellationToken cancellationToken) =>
            await Grain(request.TenantId, request.TargetId).GetLastReportAsync(callers.Required)
            ?? throw new Errors.KagiException(Errors.ProblemCode.NotFound, $"Target '{request.TargetId}' has not been scanned yet.");

        public Task<AccountImportJob> Handle(Adopt request, CancellationToken cancellationToken) =>
            cluster.GetGrain<IAccountImportJobGrain>(GrainKeys.For(request.TenantId, request.JobId)).AdoptAsync(callers.Required, request.TargetId,
                request.Body.Accounts.ToImmutableDictionary(a => a.Username, a => a.Id, StringComparer.Ordinal));

        private ITargetDiscoveryGrain Grain(string tenant, string target) =>
            cluster.GetGrain<ITargetDiscoveryGrain>(GrainKeys.For(tenant, target));
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapPost(Routes.Tenant + "/targets/{id:id}/discover", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Scan(tenant, id), cancellationToken))).Sends<Scan>();
            routes.MapGet(Routes.Tenant + "/targets/{id:id}/discover", async (string tenant, string id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new LastReport(tenant, id), cancellationToken))).Sends<LastReport>();
            routes.MapPost(Routes.Tenant + "/targets/{id:id}/adopt", async (string tenant, string id, AdoptBody body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var job = await mediator.Send(new Adopt(tenant, id, body), cancellationToken);
                return TypedResults.Accepted($"/api/t/{tenant}/imports/{job.Id}", job);
            }).Sends<Adopt>();
        }
    }
}
