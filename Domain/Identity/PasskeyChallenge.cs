namespace Kagi.Domain.Identity;

/// <summary>A WebAuthn ceremony the server began: the options it sent (they hold the challenge) and when they stop
/// being accepted. Kept in the user grain's memory only, taken at the first answer whatever it says.</summary>
public sealed record PasskeyChallenge(string OptionsJson, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"PasskeyChallenge {{ ExpiresAt = {ExpiresAt:O} }}";
}
