using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// Writes the archive's chunks (<see cref="ArchiveFormat"/>) to <paramref name="output"/>, one chunk in
/// memory at a time. Only <see cref="Complete"/> writes the final chunk: a backup that fails half-way
/// leaves an archive every reader refuses as cut short, never one that looks whole.
/// </summary>
internal sealed class EncryptingStream : Stream
{
    private readonly Stream _output;
    private readonly AesGcm _aes;
    private readonly byte[] _header = new byte[ArchiveFormat.HeaderSize];
    private readonly byte[] _plain = new byte[ArchiveFormat.ChunkSize];
    private readonly byte[] _cipher = new byte[ArchiveFormat.ChunkSize];
    private int _filled;
    private long _index;
    private bool _completed;

    public EncryptingStream(Stream output, OperatorKey key)
    {
        _output = output;
        ArchiveFormat.Magic.CopyTo(_header);
        RandomNumberGenerator.Fill(_header.AsSpan(ArchiveFormat.Magic.Length));
        var chunkKey = ArchiveFormat.ChunkKey(key, _header.AsSpan(ArchiveFormat.Magic.Length));
        _aes = new AesGcm(chunkKey, ArchiveFormat.TagSize);
        CryptographicOperations.ZeroMemory(chunkKey);
        _output.Write(_header);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == _plain.Length)
            {
                Seal(ArchiveFormat.More);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Seals what is left as the final chunk and flushes the output.</summary>
    public void Complete()
    {
        Seal(ArchiveFormat.Final);
        _completed = true;
        _output.Flush();
    }

    public override void Flush()
    {
        // Chunks are written whole; a partial chunk waits for more data or Complete.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }

    private void Seal(byte flag)
    {
        Span<byte> nonce = stackalloc byte[ArchiveFormat.NonceSize];
        Span<byte> frame = stackalloc byte[ArchiveFormat.FrameHeaderSize + ArchiveFormat.TagSize];
        ArchiveFormat.Nonce(nonce, _index);
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame[1..], _filled);
        var associated = ArchiveFormat.AssociatedData(_header, _index, flag, _filled);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _filled), _cipher.AsSpan(0, _filled), frame[ArchiveFormat.FrameHeaderSize..], associated);
        _output.Write(frame);
        _output.Write(_cipher, 0, _filled);
        _index++;
        _filled = 0;
    }
}
