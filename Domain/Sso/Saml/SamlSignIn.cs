using System.Collections.Immutable;
using Kagi.Sso;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// Turns a validated assertion into the person the IdP vouched for: the subject is the NameID (what the IdP keeps
/// stable for them), the Kagi username the NameID or the configured attribute's first value, the groups every value
/// of the groups attribute, mapped by the provider's mappings only (<see cref="SsoMapping"/>).
/// </summary>
public static class SamlSignIn
{
    /// <summary>Clock difference tolerated between Kagi and the IdP.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(2);

    /// <summary>The audit reason for a refused response, e.g. <c>saml-signature-invalid</c>.</summary>
    public static string Reason(SamlRefusalReason reason) => "saml-" + SamlRefusalReasons.Code(reason);

    /// <summary>The identity, or null when the assertion names no valid Kagi username.</summary>
    public static SsoIdentity? Identity(SamlAssertion assertion, IdentityProviderState provider)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(provider);
        var settings = provider.Saml ?? throw new ArgumentException("The provider is no SAML provider.", nameof(provider));
        var usernameText = settings.UsernameAttribute is { } name
            ? assertion.Attributes.GetValueOrDefault(name, []).FirstOrDefault()
            : assertion.NameId;
        if (SsoMapping.Username(usernameText) is not { } username)
        {
            return null;
        }

        var (roles, groups) = SsoMapping.Map(assertion.Attributes.GetValueOrDefault(settings.GroupsAttribute, ImmutableArray<string>.Empty), provider);
        return new SsoIdentity(provider.Id, assertion.NameId, username, roles, groups);
    }
}
