namespace Kagi.Security.Keys;

/// <summary>One KEK from configuration (<c>KAGI_MASTER_KEY</c>), id 1. It cannot rotate: configure a keyring for that.</summary>
public sealed class StaticKeyProvider(MasterKey masterKey) : IKeyEncryptionKeyProvider
{
    public const int KeyId = 1;

    public Task<WrappedSecret> WrapAsync(byte[] dataKey, byte[] associatedData, CancellationToken cancellationToken) =>
        Task.FromResult(new WrappedSecret(KeyId, AesGcmSeal.Seal(masterKey.Key, dataKey, associatedData)));

    public Task<byte[]> UnwrapAsync(WrappedSecret wrapped, byte[] associatedData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        return wrapped.KekId == KeyId
            ? Task.FromResult(AesGcmSeal.Open(masterKey.Key, wrapped.Ciphertext, associatedData))
            : throw new InvalidOperationException($"KEK {wrapped.KekId} is not known to this provider.");
    }

    public byte[] DeriveKey(string purpose, string context) => KeyDerivation.Derive(masterKey.Key, purpose, context);

    public Task<int> RotateAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("A single configured master key cannot rotate; set KAGI_KEYRING to use a versioned keyring.");
}
