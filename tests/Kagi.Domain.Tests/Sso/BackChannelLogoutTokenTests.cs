using Kagi.Domain.Sso.Logout;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class BackChannelLogoutTokenTests
{
    private const string Issuer = "https://idp.example.com";
    private const string ClientId = "kagi";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly LogoutTokenClaims Good = new()
    {
        Issuer = Issuer,
        Audiences = [ClientId],
        IssuedAt = Now.AddSeconds(-5),
        ExpiresAt = Now.AddSeconds(115),
        Subject = "alice-sub",
        SessionId = "sid-1",
        TokenId = "jti-1",
        HasLogoutEvent = true,
    };

    private static LogoutTokenRefusal? RefusalOf(LogoutTokenClaims claims) => BackChannelLogoutToken.Check(claims, Issuer, ClientId, Now).Refusal;

    [Fact]
    public void A_token_with_a_session_ends_that_session_only()
    {
        var (token, refusal) = BackChannelLogoutToken.Check(Good, Issuer, ClientId, Now);
        Assert.Null(refusal);
        Assert.Equal(("sid-1", "alice-sub"), (token!.SessionId, token.Subject));
    }

    [Fact]
    public void A_token_with_only_a_subject_names_the_subject()
    {
        var (token, refusal) = BackChannelLogoutToken.Check(Good with { SessionId = null }, Issuer, ClientId, Now);
        Assert.Null(refusal);
        Assert.Equal((null, "alice-sub"), (token!.SessionId, token.Subject));
    }

    [Fact]
    public void A_token_with_only_a_session_is_taken() =>
        Assert.Null(RefusalOf(Good with { Subject = null }));

    [Fact]
    public void One_of_several_audiences_may_be_kagi() =>
        Assert.Null(RefusalOf(Good with { Audiences = ["other", ClientId] }));

    [Fact]
    public void Another_issuer_is_refused() =>
        Assert.Equal(LogoutTokenRefusal.WrongIssuer, RefusalOf(Good with { Issuer = "https://evil.example.com" }));

    [Fact]
    public void Another_audience_or_none_is_refused()
    {
        Assert.Equal(LogoutTokenRefusal.WrongAudience, RefusalOf(Good with { Audiences = ["other-client"] }));
        Assert.Equal(LogoutTokenRefusal.WrongAudience, RefusalOf(Good with { Audiences = [] }));
    }

    [Fact]
    public void An_authorized_party_other_than_kagi_is_refused() =>
        Assert.Equal(LogoutTokenRefusal.WrongAuthorizedParty, RefusalOf(Good with { AuthorizedParty = "other-client" }));

    [Fact]
    public void The_issue_time_is_required_and_must_be_recent()
    {
        Assert.Equal(LogoutTokenRefusal.NoIssuedAt, RefusalOf(Good with { IssuedAt = null }));
        Assert.Equal(LogoutTokenRefusal.IssuedInTheFuture, RefusalOf(Good with { IssuedAt = Now + BackChannelLogoutToken.ClockSkew + TimeSpan.FromSeconds(1) }));
        Assert.Null(RefusalOf(Good with { IssuedAt = Now + BackChannelLogoutToken.ClockSkew }));
        Assert.Equal(LogoutTokenRefusal.TooOld, RefusalOf(Good with { IssuedAt = Now - BackChannelLogoutToken.MaximumAge - BackChannelLogoutToken.ClockSkew - TimeSpan.FromSeconds(1), ExpiresAt = null }));
    }

    [Fact]
    public void An_expired_token_is_refused_but_one_without_expiry_is_taken()
    {
        Assert.Equal(LogoutTokenRefusal.Expired, RefusalOf(Good with { ExpiresAt = Now - BackChannelLogoutToken.ClockSkew - TimeSpan.FromSeconds(1) }));
        Assert.Null(RefusalOf(Good with { ExpiresAt = null }));
    }

    [Fact]
    public void The_logout_event_is_required() =>
        Assert.Equal(LogoutTokenRefusal.NoLogoutEvent, RefusalOf(Good with { HasLogoutEvent = false }));

    [Fact]
    public void A_subject_or_a_session_is_required() =>
        Assert.Equal(LogoutTokenRefusal.NoSubjectOrSession, RefusalOf(Good with { Subject = "", SessionId = null }));

    [Fact]
    public void A_nonce_makes_it_no_logout_token() =>
        Assert.Equal(LogoutTokenRefusal.HasNonce, RefusalOf(Good with { HasNonce = true }));

    [Fact]
    public void Every_refusal_is_described_in_kagis_words() =>
        Assert.All(Enum.GetValues<LogoutTokenRefusal>(), r => Assert.DoesNotContain("did not pass", BackChannelLogoutToken.Describe(r), StringComparison.Ordinal));
}
