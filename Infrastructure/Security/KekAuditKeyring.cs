using Kagi.Security.Keys;

namespace Kagi.Security;

/// <summary>Audit keys derived per tenant and purpose from the key provider's stable root.</summary>
public sealed class KekAuditKeyring(IKeyEncryptionKeyProvider keys) : IAuditKeyring
{
    public byte[] CheckpointSeed(string tenantId) => keys.DeriveKey("audit-checkpoint-signing", tenantId);

    public byte[] IdentifierKey(string tenantId) => keys.DeriveKey("audit-identifier-hmac", tenantId);
}
