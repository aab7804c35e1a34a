namespace Kagi.Domain.Identity;

/// <summary>A registered passkey as the user grain keeps it: the WebAuthn credential id and COSE public key (neither is
/// secret), the last signature counter the authenticator reported, its model (AAGUID) and the name the user gave it.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.Passkey")]
public sealed record PasskeyCredential
{
    [Id(0)] public byte[] CredentialId { get; init; } = [];
    [Id(1)] public byte[] PublicKey { get; init; } = [];
    [Id(2)] public uint SignCount { get; init; }
    [Id(3)] public Guid Aaguid { get; init; }
    [Id(4)] public string Name { get; init; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The id the API and console use for it: lowercase hex, so it fits the one identifier rule
    /// (a credential id is base64url and may be long).</summary>
    public string Id => PasskeyRules.IdOf(CredentialId);

    public override string ToString() => $"PasskeyCredential {{ Id = {Id}, Name = {Name} }}";
}
