using Kagi.Audit;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Reports;
using Kagi.Siem;
using MediatR;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// PUT /api/t/{tenant}/settings/audit {"retentionDays","siem":[{"id","kind":"syslog"|"http","host","port","tls","url","caCertificate"}]}
/// (admin): how long the tenant's audit records are kept (default 365 days, 30 to 3650), where
/// they stream, and which reports are mailed ("reports":[{"id","report","schedule","recipients"}]). Replaces the previous settings. A policy change: fail-closed and audited.
/// A shorter retention, or a destination removed or pointed elsewhere, is made by the admins the log
/// audits: it waits 7 days (answered as "pending", every admin told) unless the operator approves it
/// (<see cref="ApproveAuditSettings"/>); a longer retention or a new destination applies at once.
/// An http URL's user info and query (credentials, tokens) are sealed by the grain and never answered
/// or audited: both show them as <c>***</c>; sending that form back unchanged keeps the sealed URL.
/// </summary>
public static class UpdateAuditSettings
{
    public const int MinimumDays = 30;
    public const int MaximumDays = 3650;

    public sealed record Body(int RetentionDays, IReadOnlyList<SiemBody>? Siem = null, IReadOnlyList<ReportBody>? Reports = null);

    public sealed record ReportBody([property: Identifier] string Id, string Report, string Schedule, IReadOnlyList<string> Recipients)
    {
        public ScheduledReport ToSchedule() => new(Id, Report, Schedule, [.. Recipients]);
    }

    public sealed record SiemBody([property: Identifier] string Id, string Kind, string? Host = null, int Port = 0, bool Tls = false, string? Url = null, string? CaCertificate = null)
    {
        public SiemDestination ToDestination() => new(Id, Kind, Host, Port, Tls, Url) { CaCertificate = CaCertificate };

        /// <summary>As answered: the URL redacted, nothing sealed.</summary>
        public static SiemBody From(SiemDestination d) => new(d.Id, d.Kind, d.Host, d.Port, d.Tls, SiemUrl.Shown(d.Url), d.CaCertificate);

        public override string ToString() => $"SiemBody {{ Id = {Id}, Kind = {Kind}, Url = {SiemUrl.Shown(Url)} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, int RetentionDays, IReadOnlyList<SiemDestination> Siem, IReadOnlyList<ScheduledReport> Reports) : MediatR.IRequest<Response>, IFailClosedRequest
    {
        public string AuditAction => "settings.audit.update";
        public string? AuditSubject => null;
        public string? AuditDetail => $"retention {RetentionDays} days; siem " + (Siem.Count == 0 ? "none" : string.Join(", ", Siem.Select(Describe)))
            + "; reports " + (Reports.Count == 0 ? "none" : string.Join(", ", Reports.Select(r => $"{r.Id} {r.Report} {r.Schedule} to {r.Recipients.Length}")));

        // The record keeps the URL without its user info and query, which may hold credentials.
        private static string Describe(SiemDestination d) => d.Kind == SiemKinds.Http ? $"{d.Id} http {SiemUrl.Shown(d.Url)}" : $"{d.Id} syslog {d.Host}:{d.Port}{(d.Tls ? " tls" : "")}";

        public override string ToString() => $"UpdateAuditSettings {{ TenantId = {TenantId} }}";
    }

    public sealed record Response(int RetentionDays, IReadOnlyList<SiemBody> Siem, IReadOnlyList<ScheduledReport> Reports, PendingBody? Pending)
    {
        public static Response From(AuditSettings settings) => new(settings.RetentionDays, [.. settings.Siem.Select(SiemBody.From)], settings.Reports,
            settings.Pending is { } pending ? PendingBody.From(pending) : null);
    }

    /// <summary>A weakening change waiting until <paramref name="EffectiveAt"/> (or the operator's approval).</summary>
    public sealed record PendingBody(int RetentionDays, IReadOnlyList<SiemBody> Siem, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt)
    {
        public static PendingBody From(PendingAuditSettings pending) =>
            new(pending.RetentionDays, [.. pending.Siem.Select(SiemBody.From)], pending.RequestedBy, pending.RequestedAt, pending.EffectiveAt);
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            if (request.RetentionDays is < MinimumDays or > MaximumDays)
            {
                errors.Add("retentionDays", $"must be from {MinimumDays} to {MaximumDays}.");
            }

            if (request.Siem.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() != request.Siem.Count)
            {
                errors.Add("siem", "destination ids must be unique.");
            }

            if (request.Siem.Count > AuditLimits.MaximumSiemDestinations)
            {
                errors.Add("siem", $"must list at most {AuditLimits.MaximumSiemDestinations} destinations.");
            }

            foreach (var report in request.Reports)
            {
                errors.Identifier("reports.id", report.Id);
                if (report.Report is not ("account-changes" or "user-changes" or "usage" or "reconciliation")
                    || report.Schedule is not ("daily" or "weekly" or "monthly")
                    || report.Recipients.IsDefaultOrEmpty || report.Recipients.Any(r => !System.Net.Mail.MailAddress.TryCreate(r, out _)))
                {
                    errors.Add("reports", "each is {\"id\",\"report\":\"account-changes|user-changes|usage|reconciliation\",\"schedule\":\"daily|weekly|monthly\",\"recipients\":[mail addresses]}.");
                }
            }

            foreach (var destination in request.Siem)
            {
                errors.Identifier("siem.id", destination.Id);
                var valid = destination.Kind switch
                {
                    SiemKinds.Syslog => !string.IsNullOrWhiteSpace(destination.Host) && destination.Port is > 0 and < 65536,
                    SiemKinds.Http => Uri.TryCreate(destination.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                    _ => false,
                };
                if (!valid)
                {
                    errors.Add("siem", "each destination is {\"kind\":\"syslog\",\"host\",\"port\",\"tls\"?,\"caCertificate\"?} or {\"kind\":\"http\",\"url\",\"caCertificate\"?}.");
                }

                if (destination.CaCertificate is not null && !HoldsCertificates(destination.CaCertificate))
                {
                    errors.Add("siem.caCertificate", "must be PEM certificates (-----BEGIN CERTIFICATE-----).");
                }
            }
        }
    }

    private static bool HoldsCertificates(string pem)
    {
        try
        {
            var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            return certificates.Count > 0;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command request, CancellationToken cancellationToken)
        {
            var settings = await cluster.SetAuditSettingsAsync(request.TenantId, callers.Required,
                new AuditSettings(request.RetentionDays) { Siem = [.. request.Siem], Reports = [.. request.Reports] });
            return Response.From(settings);
        }
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/settings/audit", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, body.RetentionDays, body.Siem?.Select(d => d.ToDestination()).ToList() ?? [],
                    body.Reports?.Select(r => r.ToSchedule()).ToList() ?? []), cancellationToken)));
    }
}
