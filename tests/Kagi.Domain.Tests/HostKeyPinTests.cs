using Kagi.Domain.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class HostKeyPinTests
{
    // ssh-keygen -l -E sha256 of an ed25519 key: 43 base64 characters after "SHA256:".
    private const string Key = "SHA256:kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF0";
    private const string OtherKey = "SHA256:XN+EqCJFwPNRISQpOhJp9JZFc8MapnnRDMLHG12JEtg";

    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("SHA256:kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF0")]
    [InlineData("kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF0")]
    [InlineData("kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF0=")]
    [InlineData("  sha256:kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF0 \n")]
    public void Every_spelling_of_a_fingerprint_has_the_one_canonical_form(string spelling) =>
        Assert.Equal(Key, HostKeyPin.Canonical(spelling));

    [Theory]
    [InlineData("")]
    [InlineData("SHA256:")]
    [InlineData("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")]
    [InlineData("SHA256:kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF")]
    [InlineData("SHA256:kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF02")]
    [InlineData("SHA256:kmAo+c2tTa+YwcsnEUW287xr5p5fkKp0+rpTuAQzIF!")]
    public void What_is_not_a_sha256_fingerprint_has_no_canonical_form_and_is_refused_as_a_pin(string value)
    {
        Assert.Null(HostKeyPin.Canonical(value));
        Assert.NotNull(HostKeyPin.Problem(value));
    }

    [Fact]
    public void A_pin_matches_the_same_key_in_any_spelling_and_no_other_key()
    {
        Assert.True(HostKeyPin.Matches(Key, Key[7..]));
        Assert.True(HostKeyPin.Matches(Key[7..] + "=", Key));
        Assert.False(HostKeyPin.Matches(Key, OtherKey));
        Assert.Null(HostKeyPin.Problem(Key));
    }

    [Fact]
    public void A_malformed_pin_matches_nothing_so_the_connection_fails_closed()
    {
        Assert.False(HostKeyPin.Matches("not a fingerprint", Key));
        Assert.False(HostKeyPin.Matches("", ""));
    }

    [Fact]
    public void The_first_mismatch_is_new_and_records_the_presented_key()
    {
        var (mismatch, isNew) = HostKeyPin.Observe(null, OtherKey[7..], Now);

        Assert.True(isNew);
        Assert.Equal(new HostKeyMismatch(OtherKey, Now), mismatch);
    }

    [Fact]
    public void A_mismatch_seen_again_is_not_new_and_keeps_what_was_first_seen()
    {
        var first = new HostKeyMismatch(OtherKey, Now);

        var (mismatch, isNew) = HostKeyPin.Observe(first, Key, Now.AddHours(1));

        Assert.False(isNew);
        Assert.Same(first, mismatch);
    }
}
