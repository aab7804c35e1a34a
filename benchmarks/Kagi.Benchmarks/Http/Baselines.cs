using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Geralt;
using Npgsql;

namespace Kagi.Benchmarks.Http;

/// <summary>The bare baselines of P2, P3 and P5, each the floor cost of what Kagi's call does.</summary>
internal static class Baselines
{
    /// <summary>Kagi's hash parameters (libsodium Argon2id, m=19 MiB, t=2).</summary>
    private const int MemoryBytes = 19 * 1024 * 1024;
    private const int Iterations = 2;

    /// <summary>P2: libsodium Argon2id verifications a second, one thread a core.</summary>
    public static async Task<LoadResult> Argon2idAsync(TimeSpan warmUp, TimeSpan measured)
    {
        var password = Encoding.UTF8.GetBytes("Users-Password-42!");
        var hash = new char[Argon2id.HashSize];
        Argon2id.ComputeHash(hash, password, Iterations, MemoryBytes);
        var encoded = new string(hash).TrimEnd('\0');
        return await LoadRun.RunAsync(Environment.ProcessorCount, warmUp, measured, _ =>
            Task.Run(() => Argon2id.VerifyHash(encoded, password)));
    }

    /// <summary>P3: <c>ALTER ROLE … PASSWORD</c> over an open admin connection, then a fresh SCRAM login with the new
    /// password on a connection of its own (no pool), <paramref name="inFlight"/> pairs at once on roles of their own.</summary>
    public static async Task<LoadResult> AlterRoleAndLoginAsync(string adminConnection, int inFlight, TimeSpan warmUp, TimeSpan measured)
    {
        var admins = new NpgsqlConnection[inFlight];
        var roles = Enumerable.Range(0, inFlight).Select(i => $"kagi_bench_base_{i}").ToArray();
        for (var i = 0; i < inFlight; i++)
        {
            admins[i] = new NpgsqlConnection(adminConnection);
            await admins[i].OpenAsync();
            await ExecuteAsync(admins[i], $"DROP ROLE IF EXISTS {roles[i]}");
            await ExecuteAsync(admins[i], $"CREATE ROLE {roles[i]} LOGIN PASSWORD '{NewPassword()}'");
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Pooling = false };
        try
        {
            return await LoadRun.RunAsync(inFlight, warmUp, measured, async worker =>
            {
                var password = NewPassword();
                await ExecuteAsync(admins[worker], $"ALTER ROLE {roles[worker]} PASSWORD '{password}'");
                var login = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Username = roles[worker], Password = password };
                await using var connection = new NpgsqlConnection(login.ConnectionString);
                await connection.OpenAsync();
                return true;
            });
        }
        finally
        {
            foreach (var admin in admins)
            {
                await admin.DisposeAsync();
            }
        }
    }

    /// <summary>P5: one durable write, a single-entity insert into Azurite's table service, by
    /// <paramref name="concurrency"/> writers at once.</summary>
    public static async Task<LoadResult> DurableWritesAsync(string storageConnection, int concurrency, TimeSpan warmUp, TimeSpan measured)
    {
        var table = new TableServiceClient(storageConnection).GetTableClient("KagiBenchHttpWrites");
        await table.CreateIfNotExistsAsync();
        return await LoadRun.RunAsync(concurrency, warmUp, measured, async worker =>
        {
            await table.AddEntityAsync(new TableEntity($"w{worker}", Guid.NewGuid().ToString("N")) { ["Payload"] = "submission" });
            return true;
        });
    }

    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "Aa1!";

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
