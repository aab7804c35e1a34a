using System.Text.Json;
using Azure.Data.Tables;
using Kagi.Domain.Requests;

namespace Kagi.Requests;

/// <summary>
/// How a request summary is written as a row of the request index and read back. Every row of a request
/// carries the whole summary (as JSON), so a listing reads one key range and nothing else; <c>Status</c>
/// and <c>Requester</c> are columns too, for the conditions the table checks.
/// </summary>
internal static class RequestIndexRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The summary as stored: equal text means an equal summary, so an unchanged report writes nothing.</summary>
    public static string Text(RequestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // Summaries stored by earlier versions may hold default arrays, which do not serialize.
        return JsonSerializer.Serialize(summary with
        {
            AccountIds = summary.AccountIds.IsDefault ? [] : summary.AccountIds,
            Excluded = summary.Excluded.IsDefault ? [] : summary.Excluded,
            DecidedBy = summary.DecidedBy.IsDefault ? [] : summary.DecidedBy,
        }, Json);
    }

    public static TableEntity Row(string tenantId, string rowKey, RequestSummary summary, string text) => new(tenantId, rowKey)
    {
        ["Summary"] = text,
        ["Status"] = AccessRequestLifecycle.Name(summary.Status),
        ["Requester"] = summary.Requester,
    };

    public static string? StoredText(TableEntity row) => row.GetString("Summary");

    public static RequestSummary ToSummary(TableEntity row) =>
        JsonSerializer.Deserialize<RequestSummary>(row.GetString("Summary") ?? "null", Json)
        ?? throw new InvalidOperationException($"Request index row '{row.RowKey}' holds no summary.");
}
