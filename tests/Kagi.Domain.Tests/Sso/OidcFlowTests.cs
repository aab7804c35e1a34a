using Kagi.Domain.Sso;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class OidcFlowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    private static readonly OidcStart Start = new("corp", "https://kagi.example.com/api/t/acme/auth/sso/corp/callback", OidcFlow.BindingHash("browser-1"), false);

    private static OidcFlow Begin() => OidcFlow.Begin(Start, new SeededRandom(7), Now);

    [Fact]
    public void The_pkce_challenge_is_rfc_7636_s256() =>
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", OidcFlow.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

    [Fact]
    public void The_authorization_url_carries_state_nonce_and_challenge_but_never_the_verifier()
    {
        var flow = Begin();
        var url = new Uri(flow.AuthorizationUrl("https://idp.example.com/authorize", "kagi", ["openid", "profile"], "the-state"));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("the-state", query["state"]);
        Assert.Equal(flow.Nonce, query["nonce"]);
        Assert.Equal(OidcFlow.Challenge(flow.Verifier), query["code_challenge"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("openid profile", query["scope"]);
        Assert.Equal(Start.RedirectUri, query["redirect_uri"]);
        Assert.DoesNotContain(flow.Verifier, url.ToString(), StringComparison.Ordinal);
        Assert.Equal(43, flow.Nonce.Length);
        Assert.NotEqual(flow.Nonce, flow.Verifier);
    }

    [Fact]
    public void A_callback_from_the_starting_browser_completes_once()
    {
        var flow = Begin();
        var callback = new OidcCallback("corp", "code", OidcFlow.BindingHash("browser-1"));
        Assert.Null(flow.Complete(callback, Now.AddMinutes(1)));
        Assert.Equal(SsoReasons.UnknownFlow, flow.Complete(callback, Now.AddMinutes(1)));
    }

    [Fact]
    public void Another_browser_is_refused_and_the_flow_is_spent() =>
        Assert.Equal(SsoReasons.OtherBrowser, Begin().Complete(new OidcCallback("corp", "code", OidcFlow.BindingHash("browser-2")), Now));

    [Fact]
    public void A_late_callback_is_refused() =>
        Assert.Equal(SsoReasons.Expired, Begin().Complete(new OidcCallback("corp", "code", Start.BindingHash), Now + OidcFlow.Lifetime + TimeSpan.FromSeconds(1)));

    [Fact]
    public void A_callback_for_another_provider_is_refused() =>
        Assert.Equal(SsoReasons.ProviderUnknown, Begin().Complete(new OidcCallback("other", "code", Start.BindingHash), Now));
}
