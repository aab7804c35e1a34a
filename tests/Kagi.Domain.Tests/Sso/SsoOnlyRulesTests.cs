using Kagi.Domain.Sso;
using Kagi.Sso;
using Xunit;

namespace Kagi.Tests.Domain.Sso;

public sealed class SsoOnlyRulesTests
{
    private static readonly SsoSettingsState WithProvider = new()
    {
        Providers = [new IdentityProviderState("corp", "Corp", SsoKinds.Oidc)],
    };

    [Fact]
    public void Password_sign_in_is_open_to_everyone_while_sso_only_is_off() =>
        Assert.True(SsoOnlyRules.PasswordAllowed(WithProvider, "alice"));

    [Fact]
    public void Sso_only_refuses_passwords_but_for_the_break_glass_accounts()
    {
        var settings = WithProvider with { SsoOnly = true, BreakGlass = ["root-admin"] };
        Assert.False(SsoOnlyRules.PasswordAllowed(settings, "alice"));
        Assert.True(SsoOnlyRules.PasswordAllowed(settings, "root-admin"));
    }

    [Fact]
    public void Sso_only_needs_a_provider_and_a_break_glass_account()
    {
        Assert.Contains("identity provider", SsoOnlyRules.Problem(true, ["root-admin"], new SsoSettingsState()), StringComparison.Ordinal);
        Assert.Contains("break-glass", SsoOnlyRules.Problem(true, [], WithProvider), StringComparison.Ordinal);
        Assert.Null(SsoOnlyRules.Problem(true, ["root-admin"], WithProvider));
        Assert.Null(SsoOnlyRules.Problem(false, [], new SsoSettingsState()));
    }

    [Fact]
    public void Break_glass_names_must_be_usernames() =>
        Assert.Contains("Root Admin", SsoOnlyRules.Problem(false, ["Root Admin"], WithProvider), StringComparison.Ordinal);
}
