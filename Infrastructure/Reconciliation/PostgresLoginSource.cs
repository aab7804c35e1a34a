using System.Text;
using Kagi.Connectors;
using Kagi.Reports;
using Npgsql;

namespace Kagi.Reconciliation;

/// <summary>
/// Reads a PostgreSQL server's connection log through SQL, with the target's admin credential.
/// </summary>
/// <remarks>
/// What the DBA configures on the target (see README, "Usage reconciliation"):
/// <list type="bullet">
/// <item><c>log_connections = on</c> and the default <c>log_line_prefix</c> (<c>'%m [%p] '</c>).</item>
/// <item>Which file: with <c>logging_collector = on</c> Kagi asks <c>pg_current_logfile()</c>; a
/// server logging to a file it does not manage itself (Debian's <c>pg_ctlcluster</c>, <c>pg_ctl -l</c>)
/// names it in the custom setting <c>kagi.connection_log</c>, e.g.
/// <c>ALTER ROLE kagi_admin SET kagi.connection_log = '/var/log/postgresql/postgresql-15-main.log'</c>.</item>
/// <item>Reading it: <c>GRANT EXECUTE ON FUNCTION pg_read_binary_file(text, bigint, bigint, boolean) TO kagi_admin</c>,
/// plus <c>GRANT pg_read_server_files TO kagi_admin</c> for a file outside the data directory and
/// <c>log_directory</c>, and <c>GRANT pg_monitor TO kagi_admin</c> for <c>pg_current_logfile()</c>.</item>
/// </list>
/// The file is read in 1 MiB slices and parsed as it streams; only logins in the period are kept.
/// </remarks>
public sealed class PostgresLoginSource : ILoginSource
{
    private const int Slice = 1 << 20;
    private const int MaximumLineLength = 4096;

    public string Kind => "postgres";

    public async Task<IReadOnlyList<ObservedLogin>> ReadLoginsAsync(
        TargetEndpoint endpoint, TargetCredential admin, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        try
        {
            await using var target = await PostgresConnector.OpenAsync(endpoint, admin.Username, admin.Password, cancellationToken).ConfigureAwait(false);
            var connection = target.Connection;
            var (path, zone) = await LocateAsync(connection, cancellationToken);
            var log = new PostgresConnectionLog(zone);
            var decoder = Encoding.UTF8.GetDecoder();
            var pending = new StringBuilder();
            for (long offset = 0; ; offset += Slice)
            {
                await using var read = new NpgsqlCommand("SELECT pg_read_binary_file(@path, @offset, @length, true)", connection);
                read.Parameters.AddWithValue("path", path);
                read.Parameters.AddWithValue("offset", offset);
                read.Parameters.AddWithValue("length", (long)Slice);
                var bytes = await read.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
                var chars = new char[decoder.GetCharCount(bytes, flush: false)];
                decoder.GetChars(bytes, chars, flush: false);
                pending.Append(chars);
                ReadLines(pending, log);
                if (bytes.Length < Slice)
                {
                    break;
                }
            }

            return [.. log.Logins.Where(login => login.Time >= since && login.Time < until)];
        }
        catch (PostgresException e) when (e.SqlState is "42501" or "58P01")
        {
            throw new TargetUnavailableException($"Kagi may not read the connection log of {endpoint.Host}:{endpoint.Port} (grant it EXECUTE on pg_read_binary_file, and pg_read_server_files or pg_monitor as needed).");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new TargetUnavailableException($"Could not read the connection log of {endpoint.Host}:{endpoint.Port}.") { Unreachable = e is not PostgresException };
        }
    }

    private static async Task<(string Path, TimeZoneInfo Zone)> LocateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Two steps: pg_current_logfile() needs pg_monitor, which a kagi.connection_log set-up does not grant.
        var path = await ScalarAsync(connection, "SELECT nullif(current_setting('kagi.connection_log', true), '')", cancellationToken)
            ?? await ScalarAsync(connection, "SELECT pg_current_logfile('stderr')", cancellationToken)
            ?? throw new TargetUnavailableException("The target names no connection log: turn on logging_collector or set kagi.connection_log.");
        var zoneName = await ScalarAsync(connection, "SELECT current_setting('log_timezone')", cancellationToken);
        var zone = zoneName is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found) ? found : TimeZoneInfo.Utc;
        return (path, zone);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static void ReadLines(StringBuilder pending, PostgresConnectionLog log)
    {
        var text = pending.ToString();
        var start = 0;
        for (var newline = text.IndexOf('\n', start); newline >= 0; newline = text.IndexOf('\n', start))
        {
            log.Read(text[start..newline]);
            start = newline + 1;
        }

        pending.Clear();
        // A line longer than any connection line is not one: its start is dropped rather than held on to.
        if (text.Length - start <= MaximumLineLength)
        {
            pending.Append(text, start, text.Length - start);
        }
    }
}
