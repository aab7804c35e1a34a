namespace Kagi.Security;

/// <summary>
/// Where a ciphertext belongs. It is bound into AES-GCM's associated data, so a ciphertext copied
/// to another tenant, object or field does not decrypt.
/// </summary>
public readonly record struct SecretContext(string TenantId, string ObjectKind, string ObjectId, string Field)
{
    public byte[] ToAssociatedData() =>
        System.Text.Encoding.UTF8.GetBytes($"kagi/v1|{TenantId.Length}:{TenantId}|{ObjectKind.Length}:{ObjectKind}|{ObjectId.Length}:{ObjectId}|{Field.Length}:{Field}");
}
