using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using Kagi.Notifications;
using MediatR;

namespace Kagi.Frontend.Features.Notifications;

/// <summary>
/// PUT /api/t/{tenant}/settings/notifications (admin): the tenant's SMTP relay
/// <c>{"host","port","security":"starttls"|"tls"|"none","allowInsecureLocalRelay","from","username"?,"password"?}</c>
/// and webhooks <c>[{"id","url","secret","events":[…]}]</c>, and optionally per security event whether it goes by mail
/// and by webhook <c>"securityEvents":[{"event","email","webhook"}]</c> (left out: the stored choices stay; given:
/// they replace them, unlisted events going both ways). Replaces the previous settings; a left-out
/// password or secret keeps the stored one only while host, port, security and username (for a
/// webhook: its url) stay the same, so a stored secret never follows a changed destination. The grain checks the rules. Answered and audited without
/// secrets (URLs are recorded without their query).
/// </summary>
public static class UpdateNotificationSettings
{
    public sealed record Body(SmtpBody? Smtp = null, IReadOnlyList<WebhookBody>? Webhooks = null, IReadOnlyList<SecurityEventBody>? SecurityEvents = null);

    /// <summary>Whether a security event goes by mail and by webhook; a channel left out stays on.</summary>
    public sealed record SecurityEventBody(string Event, bool Email = true, bool Webhook = true)
    {
        public SecurityEventChoice ToChoice() => new(Event, Email, Webhook);
    }

    public sealed record SmtpBody(string Host, string From, int Port = 587, string Security = SmtpSettings.StartTls, bool AllowInsecureLocalRelay = false,
        string? Username = null, string? Password = null)
    {
        public SmtpSettings ToSettings() => new(Host, Port, Security, AllowInsecureLocalRelay, From, Username, Password);

        public override string ToString() => $"SmtpBody {{ Host = {Host}, Port = {Port}, Security = {Security} }}";
    }

    public sealed record WebhookBody([property: Identifier] string Id, string Url, string? Secret = null, ImmutableArray<string>? Events = null)
    {
        public WebhookSettings ToSettings() => new(Id, Url, Secret, Events ?? []);

        public override string ToString() => $"WebhookBody {{ Id = {Id} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, NotificationSettings Settings) : MediatR.IRequest<NotificationSettingsView>, IFailClosedRequest
    {
        public string AuditAction => "settings.notifications";
        public string? AuditSubject => "notifications";
        public string? AuditDetail =>
            (Settings.Smtp is { } smtp
                ? $"smtp {smtp.Host}:{smtp.Port} {smtp.Security}{(smtp.AllowInsecureLocalRelay ? " (insecure local relay allowed)" : "")} from {smtp.From}"
                    + (smtp.Username is null ? "" : $" as {smtp.Username}{(smtp.Password is null ? "" : ", password changed")}")
                : "smtp silo default")
            + "; webhooks " + (Settings.Webhooks.IsDefaultOrEmpty ? "none" : string.Join(", ", Settings.Webhooks.Select(Describe)))
            + (Settings.SecurityEvents is { } chosen ? "; security events " + (chosen.IsEmpty ? "all both ways" : string.Join(", ", chosen.Select(Describe))) : "");

        private static string Describe(SecurityEventChoice c) => $"{c.Event} {(c.Email ? "mail" : "no mail")}/{(c.Webhook ? "webhook" : "no webhook")}";

        private static string Describe(WebhookSettings w) =>
            $"{w.Id} {WithoutQuery(w.Url)} [{(w.Events.IsDefaultOrEmpty ? "all" : string.Join(",", w.Events))}]{(w.Secret is null ? "" : " secret changed")}";

        // A URL may carry a token in its query; the record keeps only scheme, host and path.
        private static string WithoutQuery(string url) => Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed.GetLeftPart(UriPartial.Path) : "(invalid url)";

        public override string ToString() => $"UpdateNotificationSettings {{ TenantId = {TenantId} }}";
    }

    /// <summary>The rules that need nothing stored, named by field (the grain keeps the same rules, and
    /// those about kept secrets, for whoever calls it).</summary>
    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            if (request.Settings.Smtp is { } smtp)
            {
                if (string.IsNullOrWhiteSpace(smtp.Host) || smtp.Host.Length > 253 || smtp.Host.Any(char.IsWhiteSpace))
                {
                    errors.Add("smtp.host", "is required (a host name or address).");
                }

                if (smtp.Port is < 1 or > 65535)
                {
                    errors.Add("smtp.port", "must be from 1 to 65535.");
                }

                if (smtp.Security is not (SmtpSettings.StartTls or SmtpSettings.Tls or SmtpSettings.None))
                {
                    errors.Add("smtp.security", "must be starttls, tls or none.");
                }
                else if (smtp.Security == SmtpSettings.None && !smtp.AllowInsecureLocalRelay)
                {
                    errors.Add("smtp.security", "none sends mail unencrypted: use starttls or tls, or set allowInsecureLocalRelay for a local relay.");
                }

                if (!EmailAddresses.IsValid(smtp.From))
                {
                    errors.Add("smtp.from", "must be a mail address.");
                }
            }

            var webhooks = request.Settings.Webhooks.IsDefault ? [] : request.Settings.Webhooks;
            if (webhooks.Select(w => w.Id).Distinct(StringComparer.Ordinal).Count() != webhooks.Length)
            {
                errors.Add("webhooks", "ids must be unique.");
            }

            foreach (var webhook in webhooks)
            {
                errors.Identifier("webhooks.id", webhook.Id);
                if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
                {
                    errors.Add("webhooks.url", "must be an absolute http or https URL without user info.");
                }

                if (webhook.Secret is { Length: < WebhookSettings.MinimumSecretLength })
                {
                    errors.Add("webhooks.secret", $"must be at least {WebhookSettings.MinimumSecretLength} characters.");
                }

                if (!webhook.Events.IsDefault && webhook.Events.Any(e => !NotificationEvents.All.Contains(e)))
                {
                    errors.Add("webhooks.events", "must be known events.");
                }
            }
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, NotificationSettingsView>
    {
        public Task<NotificationSettingsView> Handle(Command request, CancellationToken cancellationToken) =>
            cluster.GetGrain<INotificationSettingsGrain>(request.TenantId).SetAsync(callers.Required, request.Settings);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/settings/notifications", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, new NotificationSettings(body.Smtp?.ToSettings(),
                    [.. (body.Webhooks ?? []).Select(w => w.ToSettings())])
                {
                    SecurityEvents = body.SecurityEvents is { } chosen ? [.. chosen.Select(c => c.ToChoice())] : null,
                }), cancellationToken)));
    }
}
