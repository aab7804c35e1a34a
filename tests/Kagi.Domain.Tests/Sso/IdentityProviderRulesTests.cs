using System.Collections.Immutable;
using Kagi.Domain.Sso;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class IdentityProviderRulesTests
{
    private static IdentityProviderInput Provider(string id = "corp", OidcProviderInput? oidc = null, ImmutableArray<SsoRoleMapping>? roles = null) =>
        new(id, "Corporate SSO", SsoKinds.Oidc)
        {
            Oidc = oidc ?? new OidcProviderInput("https://login.example.com/tenant/v2.0", "kagi", "s3cret"),
            RoleMappings = roles ?? [new SsoRoleMapping("pam-admins", KagiRoles.Admin)],
            GroupMappings = [new SsoGroupMapping("pam-dba", "dba")],
        };

    private static SsoSettingsState With(params IdentityProviderState[] providers) => new() { Providers = [.. providers] };

    private static IdentityProviderState Stored(string id, string issuer = "https://login.example.com/tenant/v2.0", string clientId = "kagi") =>
        new(id, id, SsoKinds.Oidc) { Oidc = new OidcProviderState(issuer, clientId, [1, 2, 3], ["openid"], "preferred_username", "groups") };

    [Fact]
    public void A_complete_oidc_provider_is_accepted() => Assert.Null(IdentityProviderRules.Problem(Provider(), new SsoSettingsState()));

    [Theory]
    [InlineData("http://login.example.com")]
    [InlineData("https://login.example.com/?x=1")]
    [InlineData("https://user:pw@login.example.com")]
    [InlineData("login.example.com")]
    public void An_issuer_must_be_https_without_query_or_user_info(string issuer) =>
        Assert.Contains("issuer", IdentityProviderRules.Problem(Provider(oidc: new OidcProviderInput(issuer, "kagi", "s")), new SsoSettingsState()), StringComparison.Ordinal);

    [Fact]
    public void Plain_http_is_allowed_on_loopback_only() =>
        Assert.Null(IdentityProviderRules.Problem(Provider(oidc: new OidcProviderInput("http://127.0.0.1:4010", "kagi", "s")), new SsoSettingsState()));

    [Fact]
    public void The_openid_scope_is_required() =>
        Assert.Contains("openid", IdentityProviderRules.Problem(Provider(oidc: new OidcProviderInput("https://idp.example.com", "kagi", "s") { Scopes = ["profile"] }), new SsoSettingsState()), StringComparison.Ordinal);

    [Fact]
    public void Mappings_must_name_known_roles_and_valid_kagi_groups()
    {
        Assert.Contains("superuser", IdentityProviderRules.Problem(Provider(roles: [new SsoRoleMapping("g", "superuser")]), new SsoSettingsState()), StringComparison.Ordinal);
        var badGroup = Provider() with { GroupMappings = [new SsoGroupMapping("g", "Not A Group")] };
        Assert.Contains("Kagi group", IdentityProviderRules.Problem(badGroup, new SsoSettingsState()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_without_any_role_mapping_is_refused() =>
        Assert.Contains("roleMappings", IdentityProviderRules.Problem(Provider(roles: []), new SsoSettingsState()), StringComparison.Ordinal);

    [Fact]
    public void An_eleventh_provider_is_refused_but_an_existing_one_may_be_replaced()
    {
        var full = With([.. Enumerable.Range(0, SsoLimits.MaximumProviders).Select(i => Stored("idp" + i))]);
        Assert.Contains("at most", IdentityProviderRules.Problem(Provider("another"), full), StringComparison.Ordinal);
        Assert.Null(IdentityProviderRules.Problem(Provider("idp3"), full));
    }

    [Fact]
    public void Only_another_kind_than_oidc_is_refused_for_now() =>
        Assert.Contains("kind", IdentityProviderRules.Problem(Provider() with { Kind = "ldap" }, new SsoSettingsState()), StringComparison.Ordinal);

    [Fact]
    public void A_left_out_secret_keeps_the_stored_one_only_for_the_same_issuer_and_client()
    {
        var stored = With(Stored("corp"));
        var same = Provider(oidc: new OidcProviderInput("https://login.example.com/tenant/v2.0", "kagi", null));
        Assert.Null(IdentityProviderRules.Problem(same, stored));
        var movedIssuer = Provider(oidc: new OidcProviderInput("https://evil.example.com", "kagi", null));
        Assert.Contains("clientSecret", IdentityProviderRules.Problem(movedIssuer, stored), StringComparison.Ordinal);
        var otherClient = Provider(oidc: new OidcProviderInput("https://login.example.com/tenant/v2.0", "other", null));
        Assert.Contains("clientSecret", IdentityProviderRules.Problem(otherClient, stored), StringComparison.Ordinal);
        Assert.Contains("clientSecret", IdentityProviderRules.Problem(same, new SsoSettingsState()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_view_never_carries_the_sealed_secret()
    {
        var view = Stored("corp").ToView();
        Assert.True(view.Oidc!.HasClientSecret);
        Assert.DoesNotContain(typeof(OidcProviderView).GetProperties(), p => p.PropertyType == typeof(byte[]) || p.Name.Contains("Secret", StringComparison.Ordinal) && p.PropertyType != typeof(bool));
    }
}
