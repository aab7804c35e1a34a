using Npgsql;

namespace Kagi.Silo.Clustering;

/// <summary>
/// Kagi's own migration for the schema that Orleans' ADO.NET clustering provider (Invariant "Npgsql")
/// expects in PostgreSQL: the membership tables and the <c>OrleansQuery</c> rows holding the SQL the
/// provider runs. The SQL lives in the embedded <c>PostgresMembershipSchema.sql</c>.
/// </summary>
public static class PostgresMembershipSchema
{
    /// <summary>Name of the embedded script (LogicalName in Silo.csproj).</summary>
    internal const string ResourceName = "Kagi.Silo.Clustering.PostgresMembershipSchema.sql";

    /// <summary>Transaction-scoped advisory lock key ("KagiMemb" in ASCII) serialising concurrent migrations.</summary>
    private const long AdvisoryLockKey = 0x4B61_6769_4D65_6D62;

    private static readonly Lazy<string> Script = new(LoadScript);

    /// <summary>
    /// Creates the membership tables if they are missing and upserts every clustering query, in one
    /// transaction. Safe to re-run and safe to run concurrently (e.g. two silos starting at once).
    /// </summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", AdvisoryLockKey, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, Script.Value, key: null, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long? key, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            if (key is { } value)
            {
                command.Parameters.AddWithValue("key", value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string LoadScript()
    {
        using var stream = typeof(PostgresMembershipSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from {typeof(PostgresMembershipSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
