using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kagi.Security.Keys;
using Kagi.Vault;

namespace Kagi.Security;

/// <summary>
/// Envelope encryption of secrets at rest: AES-256-GCM under the tenant's data key, which the KEK
/// provider wraps. Layout: version 2 (1 byte) | data key id (4) | nonce | tag | ciphertext. The
/// associated data binds tenant, object, field and data key id, so a value moved anywhere else does
/// not open. Unwrapped data keys are cached briefly in this silo.
/// </summary>
public sealed class TenantVault(IGrainFactory grains, IKeyEncryptionKeyProvider keys, TimeProvider time)
{
    private const byte Version = 2;
    private const int HeaderSize = 1 + sizeof(int);
    private static readonly TimeSpan CurrentKeyLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Tenant, int Id), byte[]> _dataKeys = new();
    private readonly ConcurrentDictionary<string, (int Id, DateTimeOffset Until)> _current = new();

    public async Task<byte[]> SealAsync(string plaintext, SecretContext context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var keyId = await CurrentKeyIdAsync(context.TenantId);
        var key = await DataKeyAsync(context.TenantId, keyId);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            var body = AesGcmSeal.Seal(key, plain, AssociatedData(context, keyId));
            var output = new byte[HeaderSize + body.Length];
            output[0] = Version;
            BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(1), keyId);
            body.CopyTo(output, HeaderSize);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public async Task<string> OpenAsync(byte[] sealedValue, SecretContext context)
    {
        var key = await DataKeyAsync(context.TenantId, KeyIdOf(sealedValue));
        return Open(key, sealedValue, context);
    }

    /// <summary>Opens a sealed value with its unwrapped data key (<see cref="KeyIdOf"/> names which); also used
    /// offline, by <c>kagictl restore</c>, to prove restored secrets still open with the silo's keys.</summary>
    public static string Open(byte[] dataKey, byte[] sealedValue, SecretContext context)
    {
        var plain = AesGcmSeal.Open(dataKey, sealedValue.AsSpan(HeaderSize), AssociatedData(context, KeyIdOf(sealedValue)));
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Re-seals under the current data key (asked afresh, not from the cache); returns the
    /// value itself when it already is.</summary>
    public async Task<byte[]> ResealAsync(byte[] sealedValue, SecretContext context) =>
        KeyIdOf(sealedValue) == await CurrentKeyIdAsync(context.TenantId, refresh: true)
            ? sealedValue
            : await SealAsync(await OpenAsync(sealedValue, context), context);

    public static int KeyIdOf(byte[] sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        return sealedValue.Length > HeaderSize && sealedValue[0] == Version
            ? BinaryPrimitives.ReadInt32BigEndian(sealedValue.AsSpan(1))
            : throw new CryptographicException("The sealed value is malformed or of an unknown version.");
    }

    /// <summary>Associated data of a wrapped data key: it only unwraps for its own tenant and id.</summary>
    public static byte[] DataKeyAssociatedData(string tenantId, int keyId) =>
        Encoding.UTF8.GetBytes($"kagi/dek/v1|{tenantId.Length}:{tenantId}|{keyId}");

    private static byte[] AssociatedData(SecretContext context, int keyId) =>
        [.. context.ToAssociatedData(), .. Encoding.UTF8.GetBytes($"|dek:{keyId}")];

    private async Task<int> CurrentKeyIdAsync(string tenantId, bool refresh = false)
    {
        var now = time.GetUtcNow();
        if (!refresh && _current.TryGetValue(tenantId, out var cached) && cached.Until > now)
        {
            return cached.Id;
        }

        var current = await grains.GetGrain<ITenantKeyGrain>(tenantId).GetCurrentAsync();
        _dataKeys.TryAdd((tenantId, current.Id), await UnwrapAsync(tenantId, current));
        _current[tenantId] = (current.Id, now + CurrentKeyLifetime);
        return current.Id;
    }

    private async Task<byte[]> DataKeyAsync(string tenantId, int keyId)
    {
        if (_dataKeys.TryGetValue((tenantId, keyId), out var key))
        {
            return key;
        }

        var wrapped = await grains.GetGrain<ITenantKeyGrain>(tenantId).GetAsync(keyId);
        return _dataKeys.GetOrAdd((tenantId, keyId), await UnwrapAsync(tenantId, wrapped));
    }

    private Task<byte[]> UnwrapAsync(string tenantId, WrappedDataKey wrapped) =>
        keys.UnwrapAsync(new WrappedSecret(wrapped.KekId, wrapped.Wrapped), DataKeyAssociatedData(tenantId, wrapped.Id), CancellationToken.None);
}
