using Npgsql;

namespace Kagi.Connectors;

/// <summary>Grants for one-time accounts: membership of existing roles.</summary>
public sealed partial class PostgresConnector
{
    public async Task GrantAsync(TargetEndpoint endpoint, TargetCredential admin, string username, IReadOnlyList<string> grants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(grants);
        if (grants.Count == 0)
        {
            return;
        }

        // Identifiers are quoted, never interpolated raw; granting a membership held already is a no-op.
        var sql = $"GRANT {string.Join(", ", grants.Select(QuoteIdentifier))} TO {QuoteIdentifier(username)}";
        await AsAdminAsync(endpoint, admin, $"grant roles to '{username}'", async connection =>
        {
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
            {
                throw new TargetUnavailableException($"A role to grant to '{username}' does not exist at {Describe(endpoint)}.");
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
