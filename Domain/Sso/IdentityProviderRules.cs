using System.Collections.Immutable;
using Kagi.Sso;

namespace Kagi.Domain.Sso;

/// <summary>
/// What a stored identity provider must be: a canonical id, a known kind with its settings (for <c>oidc</c> an https
/// issuer (plain http only on loopback, for a provider on Kagi's own host), <c>openid</c> among the scopes, claim names;
/// for <c>saml</c> the field-by-field rules of <see cref="Saml.SamlProviderRules"/>, checked by the caller), and
/// mappings to known roles and valid Kagi groups. At most <see cref="SsoLimits.MaximumProviders"/> per tenant.
/// </summary>
public static class IdentityProviderRules
{
    public const int MaximumMappings = 100;
    private const int MaximumText = 200;
    private const int MaximumScopes = 20;

    /// <summary>The first rule <paramref name="input"/> breaks, in words for the admin; null when it may be stored.</summary>
    public static string? Problem(IdentityProviderInput input, SsoSettingsState stored)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stored);
        var existing = stored.Providers.FirstOrDefault(p => p.Id == input.Id);
        var roleMappings = input.RoleMappings.IsDefault ? [] : input.RoleMappings;
        var groupMappings = input.GroupMappings.IsDefault ? [] : input.GroupMappings;
        return input switch
        {
            _ when !Identifiers.IsValid(input.Id) => "The id must be a lowercase identifier (letters, digits, '-', '_', '.').",
            _ when existing is null && stored.Providers.Length >= SsoLimits.MaximumProviders => $"A tenant has at most {SsoLimits.MaximumProviders} identity providers; remove one first.",
            _ when string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Length > MaximumText => $"displayName must be 1 to {MaximumText} characters.",
            _ when input.Kind is not (SsoKinds.Oidc or SsoKinds.Saml) => $"kind must be \"{SsoKinds.Oidc}\" or \"{SsoKinds.Saml}\".",
            { Kind: SsoKinds.Oidc, Oidc: null } => "An oidc provider needs its \"oidc\" settings (issuer, clientId, clientSecret).",
            { Kind: SsoKinds.Saml, Saml: null } => "A saml provider needs its \"saml\" settings (metadata, or entityId, ssoUrl and signingCertificates).",
            { Kind: SsoKinds.Oidc } when OidcProblem(input.Oidc!, existing?.Oidc) is { } oidc => oidc,
            _ when roleMappings.IsEmpty => "Map at least one IdP group to a Kagi role (roleMappings); a user with no mapped role cannot sign in.",
            _ when roleMappings.Length + groupMappings.Length > MaximumMappings => $"At most {MaximumMappings} mappings.",
            _ when roleMappings.FirstOrDefault(m => !ValidGroupName(m.Group)) is not null => $"Each roleMappings group must be 1 to {MaximumText} characters.",
            _ when roleMappings.FirstOrDefault(m => !KagiRoles.All.Contains(m.Role)) is { } bad => $"Role '{bad.Role}' is none of: {string.Join(", ", KagiRoles.All)}.",
            _ when groupMappings.FirstOrDefault(m => !ValidGroupName(m.IdpGroup)) is not null => $"Each groupMappings idpGroup must be 1 to {MaximumText} characters.",
            _ when groupMappings.FirstOrDefault(m => !Identifiers.IsValid(m.KagiGroup)) is { } badGroup => $"Kagi group '{badGroup.KagiGroup}' must be a lowercase identifier.",
            _ => null,
        };
    }

    /// <summary>Whether a left-out client secret keeps the stored one: only while issuer and client id are the same.</summary>
    public static bool KeepsStoredSecret(OidcProviderInput input, OidcProviderState? stored) =>
        input is { ClientSecret: null } && stored is { SealedClientSecret: not null } && stored.Issuer == input.Issuer && stored.ClientId == input.ClientId;

    /// <summary>Whether <paramref name="issuer"/> may be trusted as an issuer URL: absolute https, or http on loopback only.</summary>
    public static bool IsAcceptableIssuer(string? issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static string? OidcProblem(OidcProviderInput oidc, OidcProviderState? stored)
    {
        var scopes = oidc.Scopes.IsDefault ? [] : oidc.Scopes;
        return oidc switch
        {
            _ when !IsAcceptableIssuer(oidc.Issuer) || oidc.Issuer.Length > MaximumText =>
                "issuer must be the provider's https URL without query (http only on loopback), as its discovery document names it.",
            _ when string.IsNullOrWhiteSpace(oidc.ClientId) || oidc.ClientId.Length > MaximumText => $"clientId must be 1 to {MaximumText} characters.",
            { ClientSecret: { } secret } when secret.Length is 0 or > 1000 => "clientSecret must be 1 to 1000 characters.",
            { ClientSecret: null } when !KeepsStoredSecret(oidc, stored) => "clientSecret is needed for a new provider, or when the issuer or client id changes.",
            _ when !scopes.Contains("openid") => "scopes must include \"openid\".",
            _ when scopes.Length > MaximumScopes || scopes.Any(s => string.IsNullOrEmpty(s) || s.Length > 100 || s.Any(c => c <= ' ' || c == '"' || c == '\\' || c > '~')) =>
                $"scopes must be at most {MaximumScopes} words of printable ASCII.",
            _ when !ValidClaim(oidc.UsernameClaim) => "usernameClaim must name a claim (1 to 100 characters).",
            _ when !ValidClaim(oidc.GroupsClaim) => "groupsClaim must name a claim (1 to 100 characters).",
            _ => null,
        };
    }

    private static bool ValidClaim(string? claim) => !string.IsNullOrWhiteSpace(claim) && claim.Length <= 100;

    private static bool ValidGroupName(string? group) => !string.IsNullOrWhiteSpace(group) && group.Length <= MaximumText;

    /// <summary>The scopes to store: distinct, in the order given.</summary>
    public static ImmutableArray<string> NormalizeScopes(ImmutableArray<string> scopes) =>
        [.. (scopes.IsDefault ? [] : scopes).Distinct(StringComparer.Ordinal)];
}
