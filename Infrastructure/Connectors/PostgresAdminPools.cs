using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Kagi.Vault;
using Npgsql;

namespace Kagi.Connectors;

/// <summary>
/// Pooled connections of a target's admin credential, one small pool per target address, database, TLS setting and
/// admin role. A rotation then pays for one SCRAM login (the new password's check) instead of two, and the target
/// forks one backend per rotation instead of two.
/// </summary>
/// <remarks>
/// <para>
/// Only admin work is pooled. A login check (<see cref="PostgresConnector.VerifyLoginAsync"/>) always opens a
/// connection of its own: a pooled one would prove nothing about the password.
/// </para>
/// <para>
/// A changed admin password does not linger: the next call with the new one disposes the old pool, which closes its
/// idle connections at once and the busy ones when they are handed back. Idle connections close after
/// <see cref="IdleSeconds"/> in any case, every connection is re-authenticated after <see cref="LifetimeSeconds"/>,
/// and a pool nobody used for <see cref="UnusedSeconds"/> is disposed, so a target Kagi no longer calls holds
/// no session of Kagi's.
/// </para>
/// <para>
/// A pool is found by the address the egress gate has just allowed (the caller resolves first, on every call), so a
/// changed policy or address is never bypassed by a pooled connection.
/// </para>
/// </remarks>
public sealed class PostgresAdminPools(TimeProvider time) : IAsyncDisposable
{
    /// <summary>More than <c>TargetGrain</c>'s 8 calls at once per target, so its own limit is the one that applies.</summary>
    public const int MaxConnections = 16;

    public const int IdleSeconds = 30;
    public const int PruningSeconds = 5;
    public const int LifetimeSeconds = 600;
    public const int UnusedSeconds = 120;

    private readonly ConcurrentDictionary<PoolKey, Pool> _pools = new();
    private long _lastSweep = time.GetTimestamp();

    /// <summary>
    /// Runs <paramref name="work"/> on a connection from the pool of <paramref name="key"/>. A pooled session the
    /// server has ended meanwhile (a restart, <c>pg_terminate_backend</c>, its own idle timeout) fails at its first
    /// command: the pool, whose other idle sessions likely ended with it, is then emptied and the work runs once more
    /// on a new session. Admin work is safe to repeat: setting the same verifier, granting a membership held, listing.
    /// </summary>
    /// <param name="build">Makes the pool's data source, with <see cref="Settings"/> applied to its connection string.</param>
    public async Task<T> RunAsync<T>(PoolKey key, string password, Func<NpgsqlDataSource> build, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            var (pool, connection) = await OpenAsync(key, password, build, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    return await work(connection).ConfigureAwait(false);
                }
                catch (Exception e) when (attempt == 1 && !cancellationToken.IsCancellationRequested && IsEndedSession(e))
                {
                    await ForgetAsync(key, pool).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The pool's settings, applied to the connection string of one admin login.</summary>
    public static void Settings(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Pooling = true;
        builder.MinPoolSize = 0;
        builder.MaxPoolSize = MaxConnections;
        builder.ConnectionIdleLifetime = IdleSeconds;
        builder.ConnectionPruningInterval = PruningSeconds;
        builder.ConnectionLifetime = LifetimeSeconds;
    }

    private async Task<(Pool Pool, NpgsqlConnection Connection)> OpenAsync(PoolKey key, string password, Func<NpgsqlDataSource> build, CancellationToken cancellationToken)
    {
        await SweepAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var pool = await CurrentAsync(key, password, build).ConfigureAwait(false);
            try
            {
                return (pool, await pool.Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (ObjectDisposedException) when (attempt == 1)
            {
                // The sweep or a changed password disposed this pool just after it was found: take the current one.
            }
            catch (PostgresException)
            {
                // A refused credential (or any other answer at login) leaves nothing worth keeping.
                await ForgetAsync(key, pool).ConfigureAwait(false);
                throw;
            }
        }
    }

    // Class 57P is "operator intervention" (the server shut the session down), class 08 a connection exception.
    private static bool IsEndedSession(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException or IOException or SocketException => true,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _pools.Keys)
        {
            if (_pools.TryRemove(key, out var pool))
            {
                await pool.Source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Pool> CurrentAsync(PoolKey key, string password, Func<NpgsqlDataSource> build)
    {
        var fingerprint = Fingerprint(password);
        while (true)
        {
            if (_pools.TryGetValue(key, out var pool))
            {
                if (CryptographicOperations.FixedTimeEquals(pool.Fingerprint, fingerprint))
                {
                    pool.Touch(time.GetTimestamp());
                    return pool;
                }

                // The admin's password changed: the old pool's sessions must not outlive it.
                await ForgetAsync(key, pool).ConfigureAwait(false);
                continue;
            }

            var created = new Pool(build(), fingerprint, time.GetTimestamp());
            if (_pools.TryAdd(key, created))
            {
                return created;
            }

            await created.Source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ForgetAsync(PoolKey key, Pool pool)
    {
        if (_pools.TryRemove(new KeyValuePair<PoolKey, Pool>(key, pool)))
        {
            await pool.Source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SweepAsync()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(UnusedSeconds / 4)
            || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, pool) in _pools)
        {
            if (time.GetElapsedTime(pool.LastUsed, now) > TimeSpan.FromSeconds(UnusedSeconds))
            {
                await ForgetAsync(key, pool).ConfigureAwait(false);
            }
        }
    }

    // Compared, never stored as the password itself; SHA-256 so that equal passwords are found in constant time.
    private static byte[] Fingerprint(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));

    /// <summary>Everything a pooled connection depends on besides the password.</summary>
    public sealed record PoolKey(string Address, int Port, string Database, TargetSslMode SslMode, string TlsHost, string? CaCertificate, string Username);

    private sealed class Pool(NpgsqlDataSource source, byte[] fingerprint, long lastUsed)
    {
        private long _lastUsed = lastUsed;

        public NpgsqlDataSource Source => source;

        public byte[] Fingerprint => fingerprint;

        public long LastUsed => Interlocked.Read(ref _lastUsed);

        public void Touch(long now) => Interlocked.Exchange(ref _lastUsed, now);
    }
}
