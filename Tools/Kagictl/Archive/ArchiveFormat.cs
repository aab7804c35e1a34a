using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// The archive on disk: a 40-byte header (magic <c>KAGIBAK1</c> and a random 32-byte salt), then chunks of
/// at most 1 MiB of compressed rows, each AES-256-GCM sealed as <c>flag (1) | length (4) | tag (16) | ciphertext</c>.
/// The key is HKDF-SHA256 of the operator's key and the salt, so no two archives share a key and a
/// counter nonce never repeats. Each chunk's associated data binds the header, its index, its flag and
/// its length: a chunk moved, dropped, repeated or cut shows as a failed tag, and only the last chunk
/// carries the final flag, so an archive cut at a chunk boundary is told apart from a whole one.
/// </summary>
internal static class ArchiveFormat
{
    public const int SaltSize = 32;
    public const int HeaderSize = 8 + SaltSize;
    public const int ChunkSize = 1 << 20;
    public const int FrameHeaderSize = 1 + sizeof(int);
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const byte More = 0;
    public const byte Final = 1;

    public static ReadOnlySpan<byte> Magic => "KAGIBAK1"u8;

    public static byte[] ChunkKey(OperatorKey key, ReadOnlySpan<byte> salt)
    {
        var chunkKey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, chunkKey, salt, "kagi-backup/v1 chunks"u8);
        return chunkKey;
    }

    public static void Nonce(Span<byte> nonce, long index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
    }

    public static byte[] AssociatedData(ReadOnlySpan<byte> header, long index, byte flag, int length)
    {
        var data = new byte[HeaderSize + sizeof(long) + FrameHeaderSize];
        header.CopyTo(data);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(HeaderSize), index);
        data[HeaderSize + sizeof(long)] = flag;
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(HeaderSize + sizeof(long) + 1), length);
        return data;
    }
}
