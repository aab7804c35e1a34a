using System.Collections.Immutable;
using Kagi.Domain.Sso;
using Kagi.Domain.Sso.Saml;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Saml;

/// <summary>Issue 12: a SAML flow completes once from its browser in time, and an assertion names the user and groups.</summary>
public sealed class SamlSignInTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly SamlStart Start = new("corp", OidcFlow.BindingHash("browser-1"), false, new Uri("https://kagi.example"));

    private static IdentityProviderState Provider(string? usernameAttribute = null) =>
        new("corp", "Corp", SsoKinds.Saml)
        {
            Saml = new SamlProviderState("urn:idp", "https://idp.example.com/sso", ["AA=="], usernameAttribute, "groups"),
            RoleMappings = [new SsoRoleMapping("pam-approvers", "approver")],
            GroupMappings = [new SsoGroupMapping("dba-team", "dba")],
        };

    private static SamlAssertion Assertion(string nameId, params (string Name, string[] Values)[] attributes) =>
        new("_a1", nameId, null, attributes.ToImmutableDictionary(a => a.Name, a => a.Values.ToImmutableArray()), Now.AddMinutes(5), null);

    [Fact]
    public void A_response_from_the_starting_browser_completes_the_flow_once()
    {
        var flow = new SamlFlow(Start, "_r1", Now);

        Assert.Null(flow.Complete(OidcFlow.BindingHash("browser-1"), Now.AddMinutes(1)));
        Assert.Equal(SsoReasons.UnknownFlow, flow.Complete(OidcFlow.BindingHash("browser-1"), Now.AddMinutes(1)));
    }

    [Fact]
    public void Another_browser_or_a_late_response_is_refused_and_spends_the_flow()
    {
        var other = new SamlFlow(Start, "_r1", Now);
        Assert.Equal(SsoReasons.OtherBrowser, other.Complete(OidcFlow.BindingHash("browser-2"), Now));
        Assert.Equal(SsoReasons.UnknownFlow, other.Complete(OidcFlow.BindingHash("browser-1"), Now));

        Assert.Equal(SsoReasons.Expired, new SamlFlow(Start, "_r1", Now).Complete(OidcFlow.BindingHash("browser-1"), Now + OidcFlow.Lifetime + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void The_name_id_names_the_user_and_the_groups_attribute_maps_roles_and_groups()
    {
        var identity = SamlSignIn.Identity(Assertion("Alice", ("groups", ["pam-approvers", "dba-team", "other"])), Provider());

        Assert.NotNull(identity);
        Assert.Equal(("corp", "Alice", "alice"), (identity.ProviderId, identity.Subject, identity.Username));
        Assert.Equal<string>(["approver"], identity.Roles);
        Assert.Equal<string>(["dba"], identity.Groups);
    }

    [Fact]
    public void A_configured_attribute_names_the_user_instead_and_its_absence_names_nobody()
    {
        var provider = Provider("uid");

        Assert.Equal("bob", SamlSignIn.Identity(Assertion("opaque-id-1", ("uid", ["bob"])), provider)!.Username);
        Assert.Equal("opaque-id-1", SamlSignIn.Identity(Assertion("opaque-id-1", ("uid", ["bob"])), provider)!.Subject);
        Assert.Null(SamlSignIn.Identity(Assertion("opaque-id-1"), provider));
        Assert.Null(SamlSignIn.Identity(Assertion("not a username!"), Provider()));
    }

    [Fact]
    public void Refusal_reasons_are_prefixed_codes() =>
        Assert.Equal("saml-signature-invalid", SamlSignIn.Reason(SamlRefusalReason.SignatureInvalid));
}
