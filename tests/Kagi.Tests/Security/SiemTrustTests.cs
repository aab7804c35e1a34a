using System.Net.Security;
using System.Security.Cryptography;
using Kagi.Siem;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>The SIEM sender's certificate rule, on certificates made in the test.</summary>
public sealed class SiemTrustTests
{
    [Fact]
    public void A_certificate_issued_by_the_destinations_CA_is_trusted_one_from_a_look_alike_CA_is_not()
    {
        using var ca = TestCertificates.CreateCa("SIEM CA");
        using var other = TestCertificates.CreateCa("SIEM CA");
        using var good = TestCertificates.IssueForLoopback(ca);
        using var bad = TestCertificates.IssueForLoopback(other);
        var anchors = SiemTrust.Anchors(ca.ExportCertificatePem());

        // The system does not know the private CA, so it reports a chain error; the destination's CA decides.
        Assert.True(SiemTrust.IsTrusted(anchors, good, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(SiemTrust.IsTrusted(anchors, bad, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_name_mismatch_or_no_certificate_is_refused_whatever_the_CA()
    {
        using var ca = TestCertificates.CreateCa("SIEM CA");
        using var good = TestCertificates.IssueForLoopback(ca);
        var anchors = SiemTrust.Anchors(ca.ExportCertificatePem());

        Assert.False(SiemTrust.IsTrusted(anchors, good, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(SiemTrust.IsTrusted(anchors, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Without_a_destination_CA_only_a_certificate_the_system_trusts_passes()
    {
        using var ca = TestCertificates.CreateCa("SIEM CA");
        using var good = TestCertificates.IssueForLoopback(ca);

        Assert.Null(SiemTrust.Anchors(null));
        Assert.False(SiemTrust.IsTrusted(null, good, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(SiemTrust.IsTrusted(null, good, null, SslPolicyErrors.None));
    }

    [Fact]
    public void Text_without_a_certificate_is_no_trust_anchor()
    {
        Assert.ThrowsAny<CryptographicException>(() => SiemTrust.Anchors("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
    }
}
