using System.Xml;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Accounts;

/// <summary>
/// PUT /api/t/{tenant}/accounts/{id:id}/policy (admin): schedules and switches. Durations are ISO 8601
/// (<c>P30D</c>, <c>PT1H</c>); a cron expression has five fields and runs in <c>timeZone</c> (IANA, default UTC).
/// </summary>
public static class SetAccountPolicy
{
    public sealed record RotationBody(string? Every = null, string? Cron = null, string? TimeZone = null);

    public sealed record PasswordPolicyBody(
        int Length = 24, bool Uppercase = true, bool Lowercase = true, bool Digits = true, bool Symbols = true, string ExcludedCharacters = "");

    public sealed record Body(
        RotationBody? Rotation = null,
        bool RotateOnCheckin = true,
        bool RotateBeforeView = false,
        bool AllowOverlappingCheckouts = false,
        bool ShowPassword = true,
        bool Lendable = true,
        string? Heartbeat = null,
        PasswordPolicyBody? PasswordPolicy = null);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string AccountId, Body Policy) : MediatR.IRequest<AccountInfo>, IFailClosedRequest
    {
        public string AuditAction => "account.policy";
        public string? AuditSubject => AccountId;
        public string? AuditDetail =>
            $"rotation {Policy.Rotation?.Every ?? Policy.Rotation?.Cron ?? "none"}, heartbeat {Policy.Heartbeat ?? "none"}, lendable {Policy.Lendable}, " +
            $"show {Policy.ShowPassword}, overlap {Policy.AllowOverlappingCheckouts}, rotate on check-in {Policy.RotateOnCheckin}, before view {Policy.RotateBeforeView}, " +
            Describe(Policy.PasswordPolicy ?? new PasswordPolicyBody());

        // The rules, not a password: they say how guessable the generated passwords are.
        private static string Describe(PasswordPolicyBody rules) =>
            $"passwords {rules.Length} characters, upper {rules.Uppercase}, lower {rules.Lowercase}, digits {rules.Digits}, symbols {rules.Symbols}, " +
            $"excluded \"{rules.ExcludedCharacters}\"";
    }

    /// <summary>More could not leave anything to choose from; the limit keeps the audit record short.</summary>
    public const int MaximumExcluded = 128;

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.AccountId);
            if (request.Policy.Rotation is { Every: { } every } && Duration(every) is null)
            {
                errors.Add("rotation.every", "must be an ISO 8601 duration such as P30D or PT12H.");
            }

            if (request.Policy.Heartbeat is { } heartbeat && Duration(heartbeat) is null)
            {
                errors.Add("heartbeat", "must be an ISO 8601 duration such as PT1H.");
            }

            if (request.Policy.PasswordPolicy is { ExcludedCharacters: { } excluded } && (excluded.Length > MaximumExcluded || excluded.Any(char.IsControl)))
            {
                errors.Add("passwordPolicy.excludedCharacters", $"must be at most {MaximumExcluded} characters, none of them control characters.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, AccountInfo>
    {
        public Task<AccountInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var body = request.Policy;
            var rules = body.PasswordPolicy ?? new PasswordPolicyBody();
            var policy = new AccountPolicy
            {
                Rotation = body.Rotation is { } r ? new RotationScheduleSpec(r.Every is null ? null : Duration(r.Every), r.Cron, r.TimeZone) : null,
                RotateOnCheckin = body.RotateOnCheckin,
                RotateBeforeView = body.RotateBeforeView,
                AllowOverlappingCheckouts = body.AllowOverlappingCheckouts,
                ShowPassword = body.ShowPassword,
                Lendable = body.Lendable,
                Heartbeat = body.Heartbeat is null ? null : Duration(body.Heartbeat),
                PasswordPolicy = new PasswordRules
                {
                    Length = rules.Length, Uppercase = rules.Uppercase, Lowercase = rules.Lowercase, Digits = rules.Digits,
                    Symbols = rules.Symbols, ExcludedCharacters = rules.ExcludedCharacters,
                },
            };
            return cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(request.TenantId, request.AccountId)).SetPolicyAsync(callers.Required, policy);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/accounts/{id:id}/policy", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, body), cancellationToken)));
    }

    /// <summary>An ISO 8601 duration, or null when malformed.</summary>
    public static TimeSpan? Duration(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
