using System.Globalization;
using System.Text;
using Geralt;

namespace Kagi.Domain.Audit;

/// <summary>
/// Signs and checks a tenant's checkpoints with Ed25519. The key pair is derived from a 32-byte
/// per-tenant seed, so the public key can be handed to a customer who wants to check checkpoints
/// without trusting Kagi's storage.
/// </summary>
public sealed class CheckpointSigner
{
    private readonly string _tenantId;
    private readonly byte[] _privateKey = new byte[Ed25519.PrivateKeySize];
    private readonly byte[] _publicKey = new byte[Ed25519.PublicKeySize];

    public CheckpointSigner(string tenantId, ReadOnlySpan<byte> seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        _tenantId = tenantId;
        Ed25519.GenerateKeyPair(_publicKey, _privateKey, seed);
    }

    public string PublicKey => Convert.ToBase64String(_publicKey);

    public AuditCheckpoint Sign(long sequence, string hash, DateTimeOffset time)
    {
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(signature, Message(sequence, hash, time), _privateKey);
        return new AuditCheckpoint(sequence, hash, time, Convert.ToBase64String(signature));
    }

    public bool IsGenuine(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var signature = new byte[Ed25519.SignatureSize];
        return Convert.TryFromBase64String(checkpoint.Signature, signature, out var written)
            && written == Ed25519.SignatureSize
            && Ed25519.Verify(signature, Message(checkpoint.Sequence, checkpoint.Hash, checkpoint.Time), _publicKey);
    }

    // The tenant is part of the message: a checkpoint copied into another tenant's log does not verify.
    private byte[] Message(long sequence, string hash, DateTimeOffset time) => Encoding.UTF8.GetBytes(string.Join('\n',
        "kagi-audit-checkpoint/1",
        _tenantId,
        sequence.ToString(CultureInfo.InvariantCulture),
        hash,
        time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
}
