using System.Security.Cryptography;
using System.Text.Json;

namespace Kagi.Security.Keys;

/// <summary>
/// A versioned keyring in a local JSON file, created with mode 0600. Every silo of a deployment reads
/// the same file; the file is re-read when a wrap needs the current version or an unwrap meets an
/// unknown one, so a rotation on one silo reaches the others.
/// </summary>
public sealed class KeyringFileProvider : IKeyEncryptionKeyProvider, IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public KeyringFileProvider(string path)
    {
        _path = Path.GetFullPath(path);
        if (!File.Exists(_path))
        {
            // Another process (or provider) may create it at the same moment: the first one wins, the others read it.
            Write(new Keyring(1, new Dictionary<int, string> { [1] = NewKey() }), replace: false);
        }
    }

    public async Task<WrappedSecret> WrapAsync(byte[] dataKey, byte[] associatedData, CancellationToken cancellationToken)
    {
        var keyring = await ReadAsync(cancellationToken);
        return new WrappedSecret(keyring.Current, AesGcmSeal.Seal(keyring.Key(keyring.Current), dataKey, associatedData));
    }

    public async Task<byte[]> UnwrapAsync(WrappedSecret wrapped, byte[] associatedData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        var keyring = await ReadAsync(cancellationToken);
        return keyring.Keys.ContainsKey(wrapped.KekId)
            ? AesGcmSeal.Open(keyring.Key(wrapped.KekId), wrapped.Ciphertext, associatedData)
            : throw new InvalidOperationException($"KEK {wrapped.KekId} is not in the keyring {_path}.");
    }

    public async Task<int> RotateAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var keyring = Read();
            var next = keyring.Keys.Keys.Max() + 1;
            Write(keyring with { Current = next, Keys = new Dictionary<int, string>(keyring.Keys) { [next] = NewKey() } });
            return next;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<Keyring> ReadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return Read();
        }
        finally
        {
            _lock.Release();
        }
    }

    private Keyring Read() =>
        JsonSerializer.Deserialize<Keyring>(File.ReadAllText(_path)) ?? throw new InvalidOperationException($"The keyring {_path} is empty.");

    // Write to a private temporary file, then rename: a reader never sees half a keyring.
    private void Write(Keyring keyring, bool replace = true)
    {
        var temporary = $"{_path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, keyring);
        }

        try
        {
            File.Move(temporary, _path, overwrite: replace);
        }
        catch (IOException) when (!replace && File.Exists(_path))
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Derived from the keyring's first KEK, which is never removed, so derived keys survive rotation.</summary>
    public byte[] DeriveKey(string purpose, string context)
    {
        _lock.Wait();
        try
        {
            return KeyDerivation.Derive(Read().Key(Read().Keys.Keys.Min()), purpose, context);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(AesGcmSeal.KeySize));

    private sealed record Keyring(int Current, Dictionary<int, string> Keys)
    {
        public byte[] Key(int id) => Convert.FromBase64String(Keys[id]);
    }
}
