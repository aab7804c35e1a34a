namespace Kagi.Identity;

/// <summary>
/// One sign-in attempt. <see cref="SessionKey"/> is the session grain key (a hash of the token the
/// Frontend will hand out), so the token itself never reaches a grain. Carries secrets: never logged.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SignInAttempt")]
public sealed record SignInAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string? Totp,
    [property: Id(2)] string? RecoveryCode,
    [property: Id(3)] string? IpAddress,
    [property: Id(4)] string? UserAgent,
    [property: Id(5)] string SessionKey)
{
    /// <summary>The deployment's cap on a session's lifetime (the tenant's setting applies below it).</summary>
    [Id(6)] public TimeSpan? MaximumLifetime { get; init; }

    /// <summary>SHA-256 (hex) of the device token the client sent or was just given.</summary>
    [Id(7)] public string? DeviceHash { get; init; }

    /// <summary>The browser's answer to <see cref="IUserGrain.BeginPasskeySignInAsync"/> (a PublicKeyCredential as JSON),
    /// the second factor instead of <see cref="Totp"/>.</summary>
    [Id(120)] public string? Passkey { get; init; }

    /// <summary>Where the Frontend is reached, which a passkey answer must have been made for.</summary>
    [Id(121)] public PasskeyRelyingParty? RelyingParty { get; init; }

    public override string ToString() => $"SignInAttempt {{ IpAddress = {IpAddress} }}";
}
