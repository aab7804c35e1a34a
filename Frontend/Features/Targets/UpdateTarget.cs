using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>
/// PUT /api/t/{tenant}/targets/{id:id} {"adminUsername"?,"adminPassword"?,"passwordRules"?,"rateLimit"?,"hostKeySha256"?}
/// (admin): members left out stay as they are. A new admin credential or SSH host key pin is proved against the real
/// target before it replaces the old one (422 credential-rejected, 502 host-key-mismatch or target-unavailable: nothing
/// changed). The audit record names what changed, never the password.
/// </summary>
public static class UpdateTarget
{
    public sealed record Body(
        string? AdminUsername = null,
        string? AdminPassword = null,
        CreateTarget.PasswordRulesBody? PasswordRules = null,
        CreateTarget.RateLimitBody? RateLimit = null,
        string? HostKeySha256 = null)
    {
        public override string ToString() => $"UpdateTarget {{ AdminUsername = {AdminUsername} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string TargetId, Body Changes) : MediatR.IRequest<TargetInfo>, IFailClosedRequest
    {
        public string AuditAction => "target.update";
        public string? AuditSubject => TargetId;
        public string? AuditDetail => string.Join("; ", new[]
        {
            Changes.AdminPassword is null && Changes.AdminUsername is null ? null : $"new admin credential (admin {Changes.AdminUsername ?? "unchanged"})",
            Changes.PasswordRules?.Describe(),
            Changes.RateLimit is { } limit ? $"rate limit {limit.PerMinute} a minute, burst {limit.Burst}" : null,
            Changes.HostKeySha256 is { } pin ? $"host key pinned {pin}" : null,
        }.OfType<string>()) is { Length: > 0 } detail ? detail : "nothing changed";

        public override string ToString() => $"UpdateTarget {{ TenantId = {TenantId}, TargetId = {TargetId} }}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            var changes = request.Changes;
            errors.Identifier("id", request.TargetId);
            if (changes.AdminUsername is not null)
            {
                errors.Required("adminUsername", changes.AdminUsername, 128);
            }

            if (changes.AdminPassword is not null)
            {
                errors.Required("adminPassword", changes.AdminPassword, 1024);
            }

            if (changes.HostKeySha256 is not null)
            {
                errors.Required("hostKeySha256", changes.HostKeySha256, 100);
            }

            if (changes.PasswordRules is { ExcludedCharacters: { } excluded } && (excluded.Length > Accounts.SetAccountPolicy.MaximumExcluded || excluded.Any(char.IsControl)))
            {
                errors.Add("passwordRules.excludedCharacters", $"must be at most {Accounts.SetAccountPolicy.MaximumExcluded} characters, none of them control characters.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, TargetInfo>
    {
        public Task<TargetInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var changes = request.Changes;
            return cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, request.TargetId)).UpdateAsync(callers.Required, new TargetUpdate
            {
                AdminUsername = changes.AdminUsername,
                AdminPassword = changes.AdminPassword,
                PasswordRules = changes.PasswordRules?.ToRules(),
                RateLimit = changes.RateLimit is { } limit ? new TargetRateLimit { PerMinute = limit.PerMinute, Burst = limit.Burst } : null,
                HostKeySha256 = changes.HostKeySha256?.Trim(),
            });
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/targets/{id:id}", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body), cancellationToken)));
    }
}
