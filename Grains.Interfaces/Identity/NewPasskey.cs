namespace Kagi.Identity;

/// <summary>The browser's answer to a registration (the PublicKeyCredential as JSON, attestation "none" is enough)
/// and the name the user gives the passkey.</summary>
[GenerateSerializer, Immutable, Alias("kagi.passkey.New")]
public sealed record NewPasskey(
    [property: Id(0)] string Name,
    [property: Id(1)] string CredentialJson)
{
    public override string ToString() => $"NewPasskey {{ Name = {Name} }}";
}
