using Kagi.Frontend.Features.Targets;
using Kagi.Frontend.Mediation;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>What a target registration may ask of its connection: no mode that can fall back to plain text.</summary>
public sealed class TargetConnectionValidationTests
{
    private static CreateTarget.Body Postgres(string? sslMode = null, string? caCertificate = null, string? tls = null) =>
        new("db", "postgres", "db.acme.test", 5432, "kagi_admin", "Admin-Password-1") { SslMode = sslMode, CaCertificate = caCertificate, Tls = tls };

    private static bool Refused(CreateTarget.Body body)
    {
        var errors = new ValidationErrors();
        new CreateTarget.Validator().Validate(new CreateTarget.Command("acme", body), errors);
        return errors.Any;
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("verify-ca")]
    [InlineData("verify-full")]
    [InlineData("require")]
    [InlineData("VERIFY-FULL")]
    public void Modes_that_never_fall_back_are_accepted(string mode) => Assert.False(Refused(Postgres(mode)));

    [Theory]
    [InlineData("prefer")]
    [InlineData("allow")]
    [InlineData("verify")]
    public void Modes_that_could_fall_back_to_plain_text_or_are_unknown_are_refused(string mode) => Assert.True(Refused(Postgres(mode)));

    [Fact]
    public void A_ca_certificate_must_be_pem_certificates()
    {
        using var ca = TestCertificates.CreateCa("Target CA");

        Assert.False(Refused(Postgres("verify-full", ca.ExportCertificatePem())));
        Assert.True(Refused(Postgres("verify-full", "not a certificate")));
        Assert.True(Refused(Postgres("verify-full", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")));
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("ldaps", false)]
    [InlineData("starttls", false)]
    [InlineData("tls", true)]
    public void Ldap_tls_is_none_ldaps_or_starttls(string tls, bool refused) => Assert.Equal(refused, Refused(Postgres(tls: tls)));

    [Fact]
    public void A_ca_certificate_belongs_to_a_connection_with_tls()
    {
        using var ca = TestCertificates.CreateCa("Target CA");
        var pem = ca.ExportCertificatePem();

        Assert.True(Refused(Postgres("disable", pem)));
        Assert.True(Refused(Ldap("none", pem)));
        Assert.True(Refused(Ldap(null, pem)));
        Assert.False(Refused(Ldap("ldaps", pem)));
        Assert.False(Refused(Ldap("starttls", pem)));
        Assert.False(Refused(Postgres(null, pem)));
    }

    [Fact]
    public void A_postgres_target_given_its_ca_verifies_fully_unless_a_weaker_mode_is_named_and_the_audit_says_which()
    {
        using var ca = TestCertificates.CreateCa("Target CA");
        var pem = ca.ExportCertificatePem();

        Assert.Equal(TargetSslMode.VerifyFull, CreateTarget.EffectiveSslMode(Postgres(null, pem)));
        Assert.Equal(TargetSslMode.VerifyFull, CreateTarget.EffectiveSslMode(Postgres("require", pem)));
        Assert.Equal(TargetSslMode.VerifyCa, CreateTarget.EffectiveSslMode(Postgres("verify-ca", pem)));
        Assert.Equal(TargetSslMode.Disable, CreateTarget.EffectiveSslMode(Postgres()));
        Assert.Contains("sslMode verify-full (default); its own CA certificate", Detail(Postgres(null, pem)), StringComparison.Ordinal);
        Assert.Contains("sslMode verify-ca;", Detail(Postgres("verify-ca", pem)), StringComparison.Ordinal);
        Assert.Contains("sslMode disable (default)", Detail(Postgres()), StringComparison.Ordinal);
        Assert.DoesNotContain("sslMode", Detail(Ldap("ldaps", pem)), StringComparison.Ordinal);
    }

    private static CreateTarget.Body Ldap(string? tls, string? caCertificate) =>
        new("dir", "ldap", "ldap.acme.test", 636, "cn=admin,dc=acme,dc=test", "Admin-Password-1") { Tls = tls, CaCertificate = caCertificate };

    private static string Detail(CreateTarget.Body body) => new CreateTarget.Command("acme", body).AuditDetail!;
}
