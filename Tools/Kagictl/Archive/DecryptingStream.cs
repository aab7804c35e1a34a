using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// Reads an archive's chunks back, checking each tag as it goes; throws <see cref="BackupArchiveException"/>
/// naming the first chunk that is altered, out of place or missing, and refuses an archive without its
/// final chunk or with bytes after it. One chunk in memory at a time.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    private readonly Stream _input;
    private readonly OperatorKey _key;
    private readonly byte[] _header = new byte[ArchiveFormat.HeaderSize];
    private readonly byte[] _plain = new byte[ArchiveFormat.ChunkSize];
    private readonly byte[] _cipher = new byte[ArchiveFormat.ChunkSize];
    private AesGcm? _aes;
    private int _offset;
    private int _length;
    private long _index;
    private bool _final;

    public DecryptingStream(Stream input, OperatorKey key)
    {
        _input = input;
        _key = key;
    }

    /// <summary>How many chunks were read and checked so far.</summary>
    public long Chunks => _index;

    /// <summary>Whether the final chunk was read (and nothing follows it).</summary>
    public bool Finished => _final && _offset == _length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _length)
        {
            if (_final)
            {
                return 0;
            }

            NextChunk();
        }

        var take = Math.Min(buffer.Length, _length - _offset);
        _plain.AsSpan(_offset, take).CopyTo(buffer);
        _offset += take;
        return take;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes?.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }

    private void NextChunk()
    {
        if (_aes is null)
        {
            if (_input.ReadAtLeast(_header, _header.Length, throwOnEndOfStream: false) < _header.Length || !_header.AsSpan(0, ArchiveFormat.Magic.Length).SequenceEqual(ArchiveFormat.Magic))
            {
                throw new BackupArchiveException("This is not a Kagi backup archive (its header is missing or wrong).");
            }

            var chunkKey = ArchiveFormat.ChunkKey(_key, _header.AsSpan(ArchiveFormat.Magic.Length));
            _aes = new AesGcm(chunkKey, ArchiveFormat.TagSize);
            CryptographicOperations.ZeroMemory(chunkKey);
        }

        Span<byte> frame = stackalloc byte[ArchiveFormat.FrameHeaderSize + ArchiveFormat.TagSize];
        var read = _input.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
        if (read < frame.Length)
        {
            throw new BackupArchiveException($"The archive is truncated: it ends after chunk {_index} without the final chunk.");
        }

        var flag = frame[0];
        var length = BinaryPrimitives.ReadInt32BigEndian(frame[1..]);
        if (flag is not (ArchiveFormat.More or ArchiveFormat.Final) || length is < 0 or > ArchiveFormat.ChunkSize)
        {
            throw new BackupArchiveException($"Chunk {_index} of the archive is altered: its frame is not one the format allows.");
        }

        if (_input.ReadAtLeast(_cipher.AsSpan(0, length), length, throwOnEndOfStream: false) < length)
        {
            throw new BackupArchiveException($"The archive is truncated: chunk {_index} is cut short.");
        }

        Span<byte> nonce = stackalloc byte[ArchiveFormat.NonceSize];
        ArchiveFormat.Nonce(nonce, _index);
        try
        {
            _aes.Decrypt(nonce, _cipher.AsSpan(0, length), frame[ArchiveFormat.FrameHeaderSize..], _plain.AsSpan(0, length), ArchiveFormat.AssociatedData(_header, _index, flag, length));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BackupArchiveException($"Chunk {_index} of the archive does not authenticate: it was altered or moved, or the key is not the one the archive was made with.");
        }

        _index++;
        _offset = 0;
        _length = length;
        if (flag == ArchiveFormat.Final)
        {
            _final = true;
            Span<byte> probe = stackalloc byte[1];
            if (_input.Read(probe) != 0)
            {
                throw new BackupArchiveException($"The archive has data after its final chunk {_index - 1}.");
            }
        }
    }
}
