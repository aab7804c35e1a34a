namespace Kagi.Sso;

/// <summary>A sign-in the identity provider vouched for, handed to the user grain for the common checks
/// (disabled, risk, allow-lists) and the just-in-time creation or refresh. Only Kagi itself hands it.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoSignInAttempt")]
public sealed record SsoSignInAttempt(
    [property: Id(0)] SsoIdentity Identity,
    [property: Id(1)] string? IpAddress,
    [property: Id(2)] string? UserAgent,
    [property: Id(3)] string SessionKey)
{
    [Id(4)] public string? DeviceHash { get; init; }

    [Id(5)] public TimeSpan? MaximumLifetime { get; init; }

    /// <summary>How the provider signed the person in (<see cref="SsoReasons.Oidc"/> or <see cref="SsoReasons.Saml"/>), for the audit record.</summary>
    [Id(6)] public string Method { get; init; } = SsoReasons.Oidc;

    public override string ToString() => $"SsoSignInAttempt {{ Provider = {Identity.ProviderId}, Username = {Identity.Username} }}";
}
