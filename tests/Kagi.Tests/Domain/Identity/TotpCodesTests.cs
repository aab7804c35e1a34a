using System.Text;
using Kagi.Domain.Identity;
using Kagi.Tests.Infrastructure;
using OtpNet;
using Xunit;

namespace Kagi.Tests.Domain.Identity;

public sealed class TotpCodesTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = new(2030, 5, 1, 9, 0, 10, TimeSpan.Zero);

    public static TheoryData<long, string, string> Rfc6238Vectors => new()
    {
        // RFC 6238 appendix B: time, mode, 8-digit code.
        { 59, "SHA1", "94287082" }, { 59, "SHA256", "46119246" }, { 59, "SHA512", "90693936" },
        { 1111111109, "SHA1", "07081804" }, { 1111111109, "SHA256", "68084774" }, { 1111111109, "SHA512", "25091201" },
        { 1111111111, "SHA1", "14050471" }, { 1111111111, "SHA256", "67062674" }, { 1111111111, "SHA512", "99943326" },
        { 1234567890, "SHA1", "89005924" }, { 1234567890, "SHA256", "91819424" }, { 1234567890, "SHA512", "93441116" },
        { 2000000000, "SHA1", "69279037" }, { 2000000000, "SHA256", "90698825" }, { 2000000000, "SHA512", "38618901" },
        { 20000000000, "SHA1", "65353130" }, { 20000000000, "SHA256", "77737706" }, { 20000000000, "SHA512", "47863826" },
    };

    [Theory]
    [MemberData(nameof(Rfc6238Vectors))]
    public void Codes_match_the_RFC_6238_appendix_B_vectors(long unixTime, string mode, string expected)
    {
        // The appendix's seeds: the ASCII digits repeated to the hash's length.
        var (hashMode, length) = mode switch
        {
            "SHA1" => (OtpHashMode.Sha1, 20),
            "SHA256" => (OtpHashMode.Sha256, 32),
            _ => (OtpHashMode.Sha512, 64),
        };
        var seed = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1234567890", 7))[..length]);

        Assert.Equal(expected, TotpCodes.Compute(seed, DateTimeOffset.FromUnixTimeSeconds(unixTime), hashMode, 8));
    }

    [Fact]
    public async Task Codes_match_oathtool_an_independent_implementation()
    {
        foreach (var offset in new[] { 0, 30, 12345, 987654 })
        {
            var at = Now.AddSeconds(offset);
            Assert.Equal(await OathTool.TotpAsync(TotpCodes.Base32(Secret), at), TotpCodes.Compute(Secret, at));
        }
    }

    [Fact]
    public async Task A_code_from_oathtool_is_accepted_and_reports_its_time_step()
    {
        var code = await OathTool.TotpAsync(TotpCodes.Base32(Secret), Now);

        var check = TotpCodes.Verify(Secret, code, Now, 0);

        Assert.Equal(TotpOutcome.Accepted, check.Outcome);
        Assert.Equal(Now.ToUnixTimeSeconds() / 30, check.Step);
    }

    [Fact]
    public void One_step_of_skew_either_way_is_allowed_and_two_are_not()
    {
        foreach (var (shift, outcome) in new[] { (-30, TotpOutcome.Accepted), (30, TotpOutcome.Accepted), (-60, TotpOutcome.Wrong), (60, TotpOutcome.Wrong) })
        {
            var code = TotpCodes.Compute(Secret, Now.AddSeconds(shift));
            Assert.Equal(outcome, TotpCodes.Verify(Secret, code, Now, 0).Outcome);
        }
    }

    [Fact]
    public void A_code_is_accepted_once_and_its_replay_is_refused()
    {
        var code = TotpCodes.Compute(Secret, Now);
        var first = TotpCodes.Verify(Secret, code, Now, 0);

        var replay = TotpCodes.Verify(Secret, code, Now.AddSeconds(5), first.Step);

        Assert.Equal(TotpOutcome.Accepted, first.Outcome);
        Assert.Equal(TotpOutcome.Replayed, replay.Outcome);
    }

    [Fact]
    public void An_older_code_still_inside_the_skew_is_refused_once_a_newer_one_was_used()
    {
        var newer = TotpCodes.Verify(Secret, TotpCodes.Compute(Secret, Now), Now, 0);

        var older = TotpCodes.Verify(Secret, TotpCodes.Compute(Secret, Now.AddSeconds(-30)), Now, newer.Step);

        Assert.Equal(TotpOutcome.Replayed, older.Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public void Malformed_codes_are_wrong(string code) => Assert.Equal(TotpOutcome.Wrong, TotpCodes.Verify(Secret, code, Now, 0).Outcome);

    [Fact]
    public void The_otpauth_uri_names_issuer_account_and_secret()
    {
        var uri = new Uri(TotpCodes.OtpauthUri("Kagi", "bob@acme", Secret));

        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Contains("secret=" + TotpCodes.Base32(Secret), uri.Query, StringComparison.Ordinal);
        Assert.Contains("issuer=Kagi", uri.Query, StringComparison.Ordinal);
    }
}
