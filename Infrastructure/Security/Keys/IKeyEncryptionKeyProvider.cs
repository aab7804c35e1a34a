namespace Kagi.Security.Keys;

/// <summary>
/// Where key-encryption keys (KEKs) live. The local keyring file serves development and single-host
/// use; a cloud KMS or Key Vault implements the same three calls remotely (wrap and unwrap never
/// export the KEK), registered in place of the local provider.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>Encrypts a data key under the current KEK. <paramref name="associatedData"/> binds it to its tenant and id.</summary>
    Task<WrappedSecret> WrapAsync(byte[] dataKey, byte[] associatedData, CancellationToken cancellationToken);

    /// <summary>Decrypts a data key wrapped by any KEK version still in the keyring.</summary>
    Task<byte[]> UnwrapAsync(WrappedSecret wrapped, byte[] associatedData, CancellationToken cancellationToken);

    /// <summary>Adds a new KEK version and makes it current; older versions stay for unwrapping.</summary>
    Task<int> RotateAsync(CancellationToken cancellationToken);

    /// <summary>A stable 32-byte key for <paramref name="purpose"/> and <paramref name="context"/> (HKDF-SHA256
    /// from a root that never rotates away), for keys that must outlive KEK rotation such as audit signing.</summary>
    byte[] DeriveKey(string purpose, string context);
}

/// <summary>Ciphertext of a data key and the id of the KEK that wrapped it.</summary>
public sealed record WrappedSecret(int KekId, byte[] Ciphertext);
