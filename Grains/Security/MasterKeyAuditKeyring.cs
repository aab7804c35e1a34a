using System.Security.Cryptography;
using System.Text;

namespace Kagi.Security;

/// <summary>Audit keys derived from the master key with HKDF-SHA256, one per tenant and purpose.</summary>
public sealed class MasterKeyAuditKeyring(MasterKey masterKey) : IAuditKeyring
{
    public byte[] CheckpointSeed(string tenantId) => Derive(tenantId, "audit-checkpoint-signing");

    public byte[] IdentifierKey(string tenantId) => Derive(tenantId, "audit-identifier-hmac");

    private byte[] Derive(string tenantId, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Key, 32,
            salt: Encoding.UTF8.GetBytes("kagi/" + purpose), info: Encoding.UTF8.GetBytes(tenantId));
    }
}
