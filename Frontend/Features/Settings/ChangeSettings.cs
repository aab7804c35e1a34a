using System.Collections.Immutable;
using System.Globalization;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Tenancy;
using MediatR;

namespace Kagi.Frontend.Features.Settings;

/// <summary>
/// PUT /api/t/{tenant}/settings/{section} (admin): replaces one section of the tenant's sign-in
/// settings. The grain validates; the audit record names the section and its new values.
/// </summary>
public static class ChangeSettings
{
    public sealed record IpAllowListBody(ImmutableArray<string> Cidrs, ImmutableDictionary<string, ImmutableArray<string>>? RoleCidrs = null, bool Force = false);

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, string Section, object Value) : MediatR.IRequest<TenantSecuritySettings>, IFailClosedRequest
    {
        public string AuditAction => AuditActionOf(Section);
        public string? AuditSubject => Section;
        public string? AuditDetail => Value switch
        {
            PasswordPolicySettings p => string.Create(CultureInfo.InvariantCulture,
                $"min {p.MinimumLength}, max {p.MaximumLength}, classes {(p.RequireUppercase ? "U" : "")}{(p.RequireLowercase ? "L" : "")}{(p.RequireDigit ? "D" : "")}{(p.RequireSymbol ? "S" : "")}, history {p.HistoryCount}, max age {p.MaximumAgeDays?.ToString(CultureInfo.InvariantCulture) ?? "none"}, strength {p.MinimumStrength}, argon2 t={p.HashIterations} m={p.HashMemoryMiB}MiB"),
            LockoutBody l => l.Describe(),
            IpAllowListBody a => $"cidrs [{string.Join(",", a.Cidrs.IsDefault ? [] : a.Cidrs)}]; roles [{string.Join(" ", (a.RoleCidrs ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty).Select(r => $"{r.Key}:{string.Join(",", r.Value)}"))}]{(a.Force ? "; forced" : "")}",
            MfaSettings m => $"everyone {m.RequiredForEveryone}; roles [{string.Join(",", m.RequiredForRoles.IsDefault ? [] : m.RequiredForRoles)}]"
                + $"; passkey roles [{string.Join(",", m.PasskeyRequiredForRoles.IsDefault ? [] : m.PasskeyRequiredForRoles)}]",
            AdaptiveAuthBody r => r.Describe(),
            SessionsBody s => string.Create(CultureInfo.InvariantCulture, $"lifetime {s.LifetimeMinutes}m, idle {s.IdleMinutes}m"),
            _ => null,
        };
    }

    /// <summary>The endpoints bind a generic body type, which has no nullability to go by: a missing or
    /// null body arrives as null and is refused here, in our words, instead of failing in the handler.</summary>
    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            if (request.Value is null)
            {
                errors.Add("body", "This request needs a JSON object as its body, and none was sent.");
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, TenantSecuritySettings>
    {
        public Task<TenantSecuritySettings> Handle(Command request, CancellationToken cancellationToken)
        {
            var grain = cluster.GetGrain<ITenantSecurityGrain>(request.TenantId);
            var caller = callers.Required;
            return request.Value switch
            {
                PasswordPolicySettings policy => grain.SetPasswordPolicyAsync(caller, policy),
                LockoutBody lockout => grain.SetLockoutAsync(caller, lockout.ToSettings()),
                IpAllowListBody list => grain.SetIpAllowListAsync(caller,
                    new IpAllowListSettings { Cidrs = list.Cidrs.IsDefault ? [] : list.Cidrs, RoleCidrs = list.RoleCidrs ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty }, list.Force),
                MfaSettings mfa => grain.SetMfaAsync(caller, mfa),
                SessionsBody sessions => grain.SetSessionsAsync(caller, sessions.ToSettings()),
                AdaptiveAuthBody adaptive => grain.SetAdaptiveAsync(caller, adaptive.ToSettings()),
                _ => throw new ArgumentException("Unknown settings section.", nameof(request)),
            };
        }
    }

    public static string AuditActionOf(string section) => "settings." + section;

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            Map<PasswordPolicySettings>(routes, "password-policy");
            Map<LockoutBody>(routes, "lockout");
            Map<IpAllowListBody>(routes, "ip-allowlist");
            Map<MfaSettings>(routes, "mfa");
            Map<SessionsBody>(routes, "sessions");
            Map<AdaptiveAuthBody>(routes, "adaptive-auth");
        }

        private static void Map<TBody>(IEndpointRouteBuilder routes, string section) where TBody : class =>
            routes.MapPut(Routes.Tenant + "/settings/" + section, async (string tenant, TBody body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, section, body), cancellationToken))).Sends<Command>(AuditActionOf(section));
    }
}
