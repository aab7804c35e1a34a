using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Geralt;

namespace Kagi.Security;

/// <summary>
/// Argon2id through libsodium (Geralt). The encoded hash (PHC string) carries its own parameters, salt
/// and version. Floor: ASVS 5.0 appendix C (m = 19 MiB, t = 2, p = 1); a tenant may raise it, and
/// hashes below the tenant's parameters are replaced at the next successful sign-in.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    public const int Iterations = 2;
    public const int MemoryBytes = 19 * 1024 * 1024;

    // Argon2id is memory-hard: each computation holds at least 19 MiB and a core for tens of milliseconds.
    // More at once than there are cores only thrash the caches and multiply the memory held (a burst of
    // 1,000 sign-ins would hold 19 GB), so at most one runs per core and the rest wait, holding no thread.
    private readonly SemaphoreSlim _slots;

    public PasswordHasher()
        : this(Environment.ProcessorCount)
    {
    }

    public PasswordHasher(int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _slots = new SemaphoreSlim(concurrency, concurrency);
    }

    // Verified when the user does not exist, so a miss costs as much as a wrong password.
    private readonly Lazy<string> _decoy = new(() => Compute(RandomNumberGenerator.GetHexString(32), Iterations, MemoryBytes));

    public string Hash(string password) => Compute(password, Iterations, MemoryBytes);

    public string Hash(string password, int iterations, int memoryMiB) =>
        Compute(password, Math.Max(iterations, Iterations), Math.Max(memoryMiB * 1024 * 1024, MemoryBytes));

    public bool Verify(string encodedHash, string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Argon2id.VerifyHash(encodedHash, bytes);
        }
        catch (ArgumentException)
        {
            // A corrupt stored hash refuses the sign-in rather than failing it with an error.
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Spends the time of one verification and fails; used for unknown users.</summary>
    public bool VerifyDecoy(string password)
    {
        Verify(_decoy.Value, password);
        return false;
    }

    /// <summary><see cref="Verify"/> on the thread pool, in turn with the other computations.</summary>
    public Task<bool> VerifyAsync(string encodedHash, string password) => InTurnAsync(() => Verify(encodedHash, password));

    /// <summary><see cref="VerifyDecoy"/> on the thread pool, in turn with the other computations.</summary>
    public Task<bool> VerifyDecoyAsync(string password) => InTurnAsync(() => VerifyDecoy(password));

    /// <summary><see cref="Hash(string, int, int)"/> on the thread pool, in turn with the other computations.</summary>
    public Task<string> HashAsync(string password, int iterations, int memoryMiB) => InTurnAsync(() => Hash(password, iterations, memoryMiB));

    /// <summary>
    /// Runs <paramref name="work"/> (which computes hashes, such as a check against several old ones) on the
    /// thread pool once a slot is free: off the grain scheduler's threads, and never more at once than the cores.
    /// </summary>
    public async Task<T> InTurnAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            return await Task.Run(work).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>Whether the stored hash was made with weaker parameters than these.</summary>
    public static bool NeedsRehash(string encodedHash, int iterations, int memoryMiB) =>
        Argon2Parameters.Parse(encodedHash) is not { } stored
        || stored.Iterations < iterations || stored.MemoryKiB < memoryMiB * 1024;

    private static string Compute(string password, int iterations, int memoryBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            Span<char> hash = stackalloc char[Argon2id.HashSize];
            Argon2id.ComputeHash(hash, bytes, iterations, memoryBytes);
            return new string(hash).TrimEnd('\0');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}

/// <summary>The parameters in a PHC string such as <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>.</summary>
public sealed record Argon2Parameters(string Algorithm, int Version, int MemoryKiB, int Iterations, int Parallelism)
{
    public static Argon2Parameters? Parse(string encodedHash)
    {
        var parts = (encodedHash ?? "").Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || !parts[2].StartsWith("v=", StringComparison.Ordinal))
        {
            return null;
        }

        var values = parts[3].Split(',').Select(p => p.Split('=')).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1, StringComparer.Ordinal);
        return int.TryParse(parts[2][2..], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && values.TryGetValue("m", out var m) && values.TryGetValue("t", out var t) && values.TryGetValue("p", out var p) && m > 0 && t > 0 && p > 0
            ? new Argon2Parameters(parts[1], version, m, t, p)
            : null;
    }
}
