using Kagi.Domain.Sso;
using Kagi.Security;
using Kagi.Sso;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Kagi.Tests.Infrastructure;

/// <summary>The id_token checks against tokens a real oidc-provider signed: the genuine one passes, and a tampered
/// token, a token for another client, another nonce or another issuer do not.</summary>
public sealed class OidcTokenValidatorTests
{
    private const string Redirect = "http://127.0.0.1:9/callback";

    private sealed record Issued(OidcTestProvider Provider, string ClientId, string IdToken, string Nonce, IList<SecurityKey> Keys);

    private static async Task<Issued> IssueAsync(string account)
    {
        var provider = await OidcTestProvider.SharedAsync();
        provider.SetAccount(account, account, "pam-admins", "dba-team");
        var (clientId, secret) = await provider.RegisterClientAsync(Redirect);
        var flow = OidcFlow.Begin(new OidcStart("corp", Redirect, "binding", false), CryptoRandom.Shared, DateTimeOffset.UtcNow);
        var back = await provider.SignInAsync(flow.AuthorizationUrl(provider.Issuer + "/auth", clientId, ["openid", "profile"], "state-1"), account);
        var code = System.Web.HttpUtility.ParseQueryString(back.Query)["code"]!;
        var idToken = await provider.RedeemAsync(clientId, secret, code, Redirect, flow.Verifier);
        return new Issued(provider, clientId, idToken, flow.Nonce, new JsonWebKeySet(await provider.JwksAsync()).GetSigningKeys());
    }

    private static OidcExpectations Expect(Issued issued) => new(issued.Provider.Issuer, issued.ClientId, issued.Nonce, "preferred_username", "groups");

    [Fact]
    public async Task A_genuine_id_token_passes_with_its_subject_username_and_groups()
    {
        var issued = await IssueAsync("validator-alice");
        var check = await OidcTokenValidator.ValidateAsync(issued.IdToken, Expect(issued), issued.Keys);
        Assert.Null(check.Problem);
        Assert.Equal(("validator-alice", "validator-alice"), (check.Subject, check.UsernameClaim));
        Assert.Equal<string>(["pam-admins", "dba-team"], check.Groups);
    }

    [Fact]
    public async Task A_tampered_id_token_is_refused()
    {
        var issued = await IssueAsync("validator-bob");
        var parts = issued.IdToken.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("validator-bob", "validator-eve", StringComparison.Ordinal);
        var tampered = string.Join('.', parts[0], Base64UrlEncoder.Encode(payload), parts[2]);
        Assert.NotNull((await OidcTokenValidator.ValidateAsync(tampered, Expect(issued), issued.Keys)).Problem);

        // Unsigned ("alg":"none") with the same claims is refused as well.
        var unsigned = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        Assert.NotNull((await OidcTokenValidator.ValidateAsync(unsigned, Expect(issued), issued.Keys)).Problem);
    }

    [Fact]
    public async Task A_token_for_another_client_is_refused()
    {
        var issued = await IssueAsync("validator-carol");
        var check = await OidcTokenValidator.ValidateAsync(issued.IdToken, Expect(issued) with { ClientId = "kagi-other-client" }, issued.Keys);
        Assert.StartsWith("id_token rejected", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_nonce_or_issuer_is_refused()
    {
        var issued = await IssueAsync("validator-dave");
        Assert.Equal("id_token rejected: nonce mismatch", (await OidcTokenValidator.ValidateAsync(issued.IdToken, Expect(issued) with { Nonce = "other" }, issued.Keys)).Problem);
        Assert.NotNull((await OidcTokenValidator.ValidateAsync(issued.IdToken, Expect(issued) with { Issuer = "http://127.0.0.1:1" }, issued.Keys)).Problem);
    }
}
