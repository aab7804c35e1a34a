using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Requests;
using MediatR;

namespace Kagi.Frontend.Features.Requests;

/// <summary>
/// POST /api/t/{tenant}/approvals/bulk {"decisions":[{"requestId","decision":"approve"|"reject","comment"}]}:
/// each decision goes through the same pipeline as a single one (authorization, fail-closed audit,
/// separation of duties), so one refused decision does not stop the others; the answer lists each outcome.
/// </summary>
public static class BulkDecide
{
    public const int MaximumDecisions = 100;

    public sealed record DecisionBody([property: Identifier] string RequestId, string Decision, string? Comment = null);

    public sealed record Body(ImmutableArray<DecisionBody> Decisions);

    [AnyRole]
    public sealed record Command(string TenantId, Body Batch) : MediatR.IRequest<ImmutableArray<BulkDecisionOutcome>>, ITenantRequest;

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            var decisions = request.Batch.Decisions;
            if (decisions.IsDefaultOrEmpty || decisions.Length > MaximumDecisions)
            {
                errors.Add("decisions", $"needs 1 to {MaximumDecisions} decisions.");
                return;
            }

            for (var i = 0; i < decisions.Length; i++)
            {
                errors.Identifier($"decisions[{i}].requestId", decisions[i].RequestId);
                if (decisions[i].Decision is not ("approve" or "reject"))
                {
                    errors.Add($"decisions[{i}].decision", "must be 'approve' or 'reject'.");
                }
                else if (decisions[i].Decision == "reject")
                {
                    errors.Required($"decisions[{i}].comment", decisions[i].Comment, RequestLimits.MaximumTextLength);
                }
            }

            if (decisions.Select(d => d.RequestId).Distinct(StringComparer.Ordinal).Count() != decisions.Length)
            {
                errors.Add("decisions", "names a request more than once.");
            }
        }
    }

    public sealed class Handler(IMediator mediator) : IRequestHandler<Command, ImmutableArray<BulkDecisionOutcome>>
    {
        public async Task<ImmutableArray<BulkDecisionOutcome>> Handle(Command request, CancellationToken cancellationToken)
        {
            var outcomes = ImmutableArray.CreateBuilder<BulkDecisionOutcome>();
            foreach (var decision in request.Batch.Decisions)
            {
                try
                {
                    var decided = await mediator.Send(new DecideRequest.Command(request.TenantId, decision.RequestId, decision.Decision == "approve", decision.Comment), cancellationToken);
                    outcomes.Add(new BulkDecisionOutcome(decision.RequestId, true, decided, null));
                }
                catch (KagiException e)
                {
                    outcomes.Add(new BulkDecisionOutcome(decision.RequestId, false, null, $"{e.Code}: {e.Message}"));
                }
            }

            return outcomes.ToImmutable();
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/approvals/bulk", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(new { results = await mediator.Send(new Command(tenant, body), cancellationToken) }));
    }
}
