using System.Collections.Immutable;

namespace Kagi.Sso;

/// <summary>A finished flow: who signed in (<see cref="Identity"/>), or why not (<see cref="Reason"/> for the audit,
/// <see cref="Message"/> safe to show). <see cref="ForConsole"/> says how to answer.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoOutcome")]
public sealed record SsoOutcome(
    [property: Id(0)] SsoIdentity? Identity,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? Message,
    [property: Id(3)] bool ForConsole)
{
    /// <summary>The provider the flow was started with, also on a refusal (for the audit record), once the flow is known.</summary>
    [Id(110)] public string? ProviderId { get; init; }
}

/// <summary>A person the identity provider vouched for, with the Kagi roles and groups their IdP groups map to.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoIdentity")]
public sealed record SsoIdentity(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Username,
    [property: Id(3)] ImmutableArray<string> Roles,
    [property: Id(4)] ImmutableArray<string> Groups)
{
    /// <summary>The provider said it used more than one factor (<c>amr</c> holds <c>mfa</c>).</summary>
    [Id(5)] public bool MultiFactor { get; init; }

    /// <summary>The provider's session (OpenID Connect <c>sid</c>), so the provider's logout can end what it signed in to.</summary>
    [Id(130)] public string? SessionId { get; init; }
}

/// <summary>Why an SSO sign-in was refused, for the audit record.</summary>
public static class SsoReasons
{
    public const string Oidc = "oidc";
    public const string Saml = "saml";
    public const string Replayed = "sso-replayed";
    public const string UnknownFlow = "sso-unknown-flow";
    public const string Expired = "sso-expired";
    public const string OtherBrowser = "sso-other-browser";
    public const string ProviderError = "sso-provider-error";
    public const string ProviderUnknown = "sso-provider-unknown";
    public const string TokenRejected = "sso-token-rejected";
    public const string NoUsername = "sso-no-username";
    public const string NoRole = "sso-no-role";
    public const string OtherSubject = "sso-other-subject";
    public const string PasswordOff = "sso-only";
}
