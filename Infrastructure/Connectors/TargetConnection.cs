using Npgsql;

namespace Kagi.Connectors;

/// <summary>A PostgreSQL connection with the unpooled source it came from (which carries its TLS settings); disposing it closes both.</summary>
internal sealed class TargetConnection(NpgsqlDataSource source, NpgsqlConnection connection) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        await source.DisposeAsync().ConfigureAwait(false);
    }
}
