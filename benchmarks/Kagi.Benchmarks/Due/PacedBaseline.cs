using System.Diagnostics;
using Kagi.Benchmarks.Http;
using Npgsql;

namespace Kagi.Benchmarks.Due;

/// <summary>
/// The floor of a paced rotation: <c>ALTER ROLE … PASSWORD</c> then a fresh SCRAM login with the new password, each
/// pair started at its turn on the same token bucket as the target's pacing (a burst, then one every 1 min / per minute),
/// 8 at most at once, on roles of its own.
/// </summary>
internal static class PacedBaseline
{
    private const int InFlight = 8;

    public static async Task<PacedResult> RunAsync(string adminConnection, int pairs, int perMinute, int burst)
    {
        var roles = Enumerable.Range(0, InFlight).Select(i => $"kagi_due_base_{i}").ToArray();
        await using (var admin = new NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            foreach (var role in roles)
            {
                await Baselines.ExecuteAsync(admin, $"DROP ROLE IF EXISTS {role}");
                await Baselines.ExecuteAsync(admin, $"CREATE ROLE {role} LOGIN PASSWORD '{Baselines.NewPassword()}'");
            }
        }

        var interval = TimeSpan.FromMinutes(1) / perMinute;
        var next = -1;
        var late = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Pooling = false };
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async worker =>
        {
            await using var admin = new NpgsqlConnection(adminConnection);
            await admin.OpenAsync();
            while (Interlocked.Increment(ref next) is var pair && pair < pairs)
            {
                var turn = interval * Math.Max(0, pair - (burst - 1));
                if (turn > clock.Elapsed)
                {
                    await Task.Delay(turn - clock.Elapsed);
                }

                var password = Baselines.NewPassword();
                await Baselines.ExecuteAsync(admin, $"ALTER ROLE {roles[worker]} PASSWORD '{password}'");
                var login = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Username = roles[worker], Password = password };
                await using (var connection = new NpgsqlConnection(login.ConnectionString))
                {
                    await connection.OpenAsync();
                }

                var behind = clock.Elapsed - turn;
                lock (roles)
                {
                    late = behind > late ? behind : late;
                }
            }
        }));
        return new PacedResult(pairs, clock.Elapsed, late);
    }
}

/// <summary>How long the paced pairs took, and how far behind its turn the latest pair finished.</summary>
internal sealed record PacedResult(int Pairs, TimeSpan Elapsed, TimeSpan MostBehind);
