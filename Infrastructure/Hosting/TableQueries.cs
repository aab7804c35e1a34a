using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Kagi.Hosting;

/// <summary>Queries over a table that may not exist, such as the earlier grain state layout's on a new deployment.</summary>
public static class TableQueries
{
    /// <summary>The rows matching <paramref name="filter"/>; none when the table does not exist.</summary>
    public static async IAsyncEnumerable<TableEntity> RowsOrNoneAsync(this TableClient table, string filter, IEnumerable<string>? select = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var pages = table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break;
                }

                foreach (var row in pages.Current.Values)
                {
                    yield return row;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }
}
