namespace Kagi.Security;

/// <summary>
/// A tenant's audit keys. Today derived from the silo's master key; per-tenant envelope keys from
/// <see cref="KekAuditKeyring"/> derives them from the key provider.
/// </summary>
public interface IAuditKeyring
{
    /// <summary>The 32-byte seed of the tenant's checkpoint signing key pair.</summary>
    byte[] CheckpointSeed(string tenantId);

    /// <summary>The 32-byte HMAC key that pseudonymizes sensitive identifiers in the tenant's log.</summary>
    byte[] IdentifierKey(string tenantId);
}
