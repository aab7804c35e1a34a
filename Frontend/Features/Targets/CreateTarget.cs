using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Vault;
using MediatR;

namespace Kagi.Frontend.Features.Targets;

/// <summary>POST /api/t/{tenant}/targets (admin): a system whose accounts Kagi will manage.</summary>
public static class CreateTarget
{
    /// <param name="BaseDn">LDAP: where users live (optional; <paramref name="Database"/> may carry it instead).</param>
    /// <param name="AuthLogPath">SSH: absolute path of the sshd log read for login events (optional).</param>
    /// <param name="HostKeySha256">SSH: the host key's SHA-256 fingerprint to pin (optional).</param>
    /// <param name="Tls">LDAP: <c>none</c> (default), <c>ldaps</c> or <c>starttls</c>.</param>
    /// <param name="SslMode">PostgreSQL: <c>disable</c>, <c>verify-ca</c> or <c>verify-full</c> (<c>require</c> means verify-full).
    /// Left out: <c>verify-full</c> when a CA certificate is given, else <c>disable</c>; a weaker mode only when named.</param>
    /// <param name="CaCertificate">PostgreSQL and LDAP over TLS: PEM CA certificates of the target's own (a private CA),
    /// trusted for this target only (optional; PostgreSQL: else the system's roots).</param>
    /// <summary>What the target itself demands of passwords (optional).</summary>
    public sealed record PasswordRulesBody(
        int MinimumLength = 0, int? MaximumLength = null, bool RequireUppercase = false, bool RequireLowercase = false,
        bool RequireDigits = false, bool RequireSymbols = false, string ExcludedCharacters = "")
    {
        public TargetPasswordRules ToRules() => new()
        {
            MinimumLength = MinimumLength, MaximumLength = MaximumLength,
            RequireUppercase = RequireUppercase, RequireLowercase = RequireLowercase,
            RequireDigits = RequireDigits, RequireSymbols = RequireSymbols,
            ExcludedCharacters = ExcludedCharacters,
        };

        public string Describe() =>
            $"password rules {MinimumLength} to {MaximumLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} characters, " +
            $"require upper {RequireUppercase}, lower {RequireLowercase}, digits {RequireDigits}, symbols {RequireSymbols}, excluded \"{ExcludedCharacters}\"";
    }

    /// <summary>How fast Kagi's rotations and heartbeats may hit the target (optional; default 300 a minute, 5 at once).</summary>
    public sealed record RateLimitBody(int PerMinute = 300, int Burst = 5);

    public sealed record Body(
        [property: Identifier] string Id,
        string Kind,
        string Host,
        int Port,
        string AdminUsername,
        string AdminPassword,
        string? Database = null,
        string? BaseDn = null,
        string? AuthLogPath = null,
        string? HostKeySha256 = null,
        string? Tls = null,
        PasswordRulesBody? PasswordRules = null,
        RateLimitBody? RateLimit = null,
        string? SslMode = null,
        string? CaCertificate = null)
    {
        public override string ToString() => $"CreateTarget {{ Id = {Id}, Kind = {Kind}, Host = {Host}, Port = {Port} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Command(string TenantId, Body Target) : MediatR.IRequest<TargetInfo>, IFailClosedRequest
    {
        public string AuditAction => "target.create";
        public string? AuditSubject => Target.Id;
        public string? AuditDetail => $"{Target.Kind} {Target.Host}:{Target.Port} admin {Target.AdminUsername}"
            + (Target.Tls is { } tls ? $"; tls {tls}" : "")
            + (IsPostgres(Target) ? $"; sslMode {SslModeName(EffectiveSslMode(Target))}" + (Target.SslMode is null ? " (default)" : "") : "")
            + (HasCa(Target) ? "; its own CA certificate" : "")
            + (Target.PasswordRules is { } rules ? "; " + rules.Describe() : "; no password rules");
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            var target = request.Target;
            errors.Identifier("id", target.Id);
            errors.Required("kind", target.Kind, 32);
            errors.Required("host", target.Host, 255);
            if (target.Port is < 1 or > 65535)
            {
                errors.Add("port", "must be from 1 to 65535.");
            }

            if (target.Database is { Length: > 63 })
            {
                errors.Add("database", "must be at most 63 characters.");
            }

            if (target.BaseDn is { Length: > 1024 })
            {
                errors.Add("baseDn", "must be at most 1024 characters.");
            }

            if (target.AuthLogPath is { } path && (path.Length > 1024 || !path.StartsWith('/') || path.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0))
            {
                errors.Add("authLogPath", "must be an absolute path of at most 1024 characters on one line.");
            }

            if (target.HostKeySha256 is { Length: > 100 })
            {
                errors.Add("hostKeySha256", "must be at most 100 characters.");
            }

            if (target.Tls is not null && ParseTls(target.Tls) is null)
            {
                errors.Add("tls", "must be none, ldaps or starttls.");
            }

            if (target.SslMode is not null && ParseSslMode(target.SslMode) is null)
            {
                errors.Add("sslMode", "must be disable, verify-ca or verify-full (require means verify-full; allow and prefer would fall back to plain text and are not offered).");
            }

            if (target.CaCertificate is { } pem && !IsPemCertificates(pem))
            {
                errors.Add("caCertificate", $"must be PEM certificates (-----BEGIN CERTIFICATE-----) of at most {MaximumCaCertificateLength} characters.");
            }
            else if (HasCa(target) && !UsesTls(target))
            {
                errors.Add("caCertificate", "is only for a connection with TLS: a PostgreSQL target whose sslMode is not disable, or an LDAP target with tls ldaps or starttls.");
            }

            if (target.PasswordRules is { ExcludedCharacters: { } excluded } && (excluded.Length > Accounts.SetAccountPolicy.MaximumExcluded || excluded.Any(char.IsControl)))
            {
                errors.Add("passwordRules.excludedCharacters", $"must be at most {Accounts.SetAccountPolicy.MaximumExcluded} characters, none of them control characters.");
            }

            errors.Required("adminUsername", target.AdminUsername, 128);
            errors.Required("adminPassword", target.AdminPassword, 1024);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers) : IRequestHandler<Command, TargetInfo>
    {
        public Task<TargetInfo> Handle(Command request, CancellationToken cancellationToken)
        {
            var target = request.Target;
            return cluster.GetGrain<ITargetGrain>(GrainKeys.For(request.TenantId, target.Id)).RegisterAsync(callers.Required,
                new TargetRegistration(target.Kind, target.Host.Trim(), target.Port, target.Database, target.AdminUsername, target.AdminPassword)
                {
                    BaseDn = string.IsNullOrWhiteSpace(target.BaseDn) ? null : target.BaseDn.Trim(),
                    AuthLogPath = target.AuthLogPath,
                    HostKeySha256 = string.IsNullOrWhiteSpace(target.HostKeySha256) ? null : target.HostKeySha256.Trim(),
                    Tls = target.Tls is null ? TargetTls.None : ParseTls(target.Tls) ?? TargetTls.None,
                    PasswordRules = target.PasswordRules?.ToRules(),
                    RateLimit = target.RateLimit is { } limit ? new TargetRateLimit { PerMinute = limit.PerMinute, Burst = limit.Burst } : null,
                    SslMode = EffectiveSslMode(target),
                    CaCertificate = HasCa(target) ? target.CaCertificate : null,
                });
        }
    }

    internal static TargetTls? ParseTls(string value) => value.Trim().ToUpperInvariant() switch
    {
        "" or "NONE" => TargetTls.None,
        "LDAPS" => TargetTls.Ldaps,
        "STARTTLS" => TargetTls.StartTls,
        _ => null,
    };

    public const int MaximumCaCertificateLength = 16 * 1024;

    private static bool IsPostgres(Body target) => string.Equals(target.Kind.Trim(), "postgres", StringComparison.OrdinalIgnoreCase);

    private static bool HasCa(Body target) => !string.IsNullOrWhiteSpace(target.CaCertificate);

    private static bool UsesTls(Body target) => IsPostgres(target)
        ? EffectiveSslMode(target) != TargetSslMode.Disable
        : target.Tls is { } tls && ParseTls(tls) is TargetTls.Ldaps or TargetTls.StartTls;

    /// <summary>A CA certificate turns TLS on, and then the certificate is checked fully unless a weaker mode is named
    /// (and so audited).</summary>
    public static TargetSslMode EffectiveSslMode(Body target) => target.SslMode is { } named
        ? ParseSslMode(named) ?? TargetSslMode.Disable
        : HasCa(target) ? TargetSslMode.VerifyFull : TargetSslMode.Disable;

    private static string SslModeName(TargetSslMode mode) => mode switch
    {
        TargetSslMode.VerifyCa => "verify-ca",
        TargetSslMode.VerifyFull => "verify-full",
        _ => "disable",
    };

    // libpq's names; "require" is taken as verify-full, since Kagi never accepts an unchecked certificate.
    internal static TargetSslMode? ParseSslMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "" or "disable" => TargetSslMode.Disable,
        "verify-ca" => TargetSslMode.VerifyCa,
        "verify-full" or "require" => TargetSslMode.VerifyFull,
        _ => null,
    };

    private static bool IsPemCertificates(string pem)
    {
        if (pem.Length > MaximumCaCertificateLength || !pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return false;
        }

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

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPost(Routes.Tenant + "/targets", async (string tenant, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Created((string?)null, await mediator.Send(new Command(tenant, body), cancellationToken)));
    }
}
