using Kagi.Domain.Audit;
using Kagi.Siem;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class SiemCredentialsTests
{
    private const string WithCredentials = "https://collector:s3cret@siem.acme.test:8443/ingest/kagi?token=abc123";
    private const string Redacted = "https://***@siem.acme.test:8443/ingest/kagi?***";

    private static SiemDestination Http(string url, string id = "lake") => new(id, SiemKinds.Http, null, 0, false, url);

    [Theory]
    [InlineData(WithCredentials, Redacted)]
    [InlineData("https://siem.acme.test/ingest?token=abc123", "https://siem.acme.test/ingest?***")]
    [InlineData("http://user@10.0.0.5/", "http://***@10.0.0.5/")]
    [InlineData("https://siem.acme.test/ingest#key=abc", "https://siem.acme.test/ingest#***")]
    [InlineData(Redacted, Redacted)]
    public void User_info_query_and_fragment_are_redacted_and_the_rest_stays_readable(string url, string shown)
    {
        Assert.True(SiemUrl.HasSecrets(url));
        Assert.Equal(shown, SiemUrl.Redacted(url));
        Assert.Equal(shown, SiemUrl.Shown(url));
    }

    [Fact]
    public void A_url_without_secrets_is_shown_as_given()
    {
        Assert.False(SiemUrl.HasSecrets("http://127.0.0.1:9000/siem"));
        Assert.Equal("http://127.0.0.1:9000/siem", SiemUrl.Shown("http://127.0.0.1:9000/siem"));
        Assert.Null(SiemUrl.Shown(null));
    }

    [Fact]
    public void A_url_with_credentials_is_sealed_and_one_without_is_stored_as_given()
    {
        Assert.Equal(SiemUrlKeeping.Seal, SiemCredentials.Keeping(Http(WithCredentials), null));
        Assert.Equal(SiemUrlKeeping.AsGiven, SiemCredentials.Keeping(Http("https://siem.acme.test/ingest"), null));
        Assert.Equal(SiemUrlKeeping.AsGiven, SiemCredentials.Keeping(new SiemDestination("soc", SiemKinds.Syslog, "siem.acme.test", 6514, true, null), null));
    }

    [Fact]
    public void The_redacted_form_sent_back_keeps_the_sealed_url_of_the_same_destination_only()
    {
        var stored = Http(Redacted) with { SealedUrl = [2, 0, 0, 0, 1] };

        Assert.Equal(SiemUrlKeeping.KeepStored, SiemCredentials.Keeping(Http(Redacted), stored));
        Assert.Equal(SiemUrlKeeping.Seal, SiemCredentials.Keeping(Http(Redacted, "other"), stored));
        Assert.Equal(SiemUrlKeeping.Seal, SiemCredentials.Keeping(Http(WithCredentials.Replace("s3cret", "n3w", StringComparison.Ordinal)), stored));
        Assert.Equal(SiemUrlKeeping.AsGiven, SiemCredentials.Keeping(Http("https://siem.acme.test:8443/ingest/kagi"), stored));
    }

    [Fact]
    public void A_url_stored_before_sealing_existed_is_sealed_when_given_again_and_shown_redacted_meanwhile()
    {
        var oldShape = Http(WithCredentials);

        Assert.Equal(SiemUrlKeeping.Seal, SiemCredentials.Keeping(Http(WithCredentials), oldShape));
        Assert.Equal(Redacted, SiemCredentials.Shown(oldShape).Url);
        Assert.Null(SiemCredentials.Shown(oldShape with { SealedUrl = [1] }).SealedUrl);
        Assert.DoesNotContain("s3cret", oldShape.ToString(), StringComparison.Ordinal);
    }
}
