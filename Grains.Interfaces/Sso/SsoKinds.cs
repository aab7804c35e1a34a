namespace Kagi.Sso;

/// <summary>The kinds of identity provider, each with its own settings record on <see cref="IdentityProviderInput"/>.</summary>
public static class SsoKinds
{
    public const string Oidc = "oidc";

    public const string Saml = "saml";
}
