using System.Globalization;
using System.Text;
using System.Text.Json;
using Kagi.Audit;
using Kagi.Reports;

namespace Kagi.Frontend.Features.Audit;

/// <summary>
/// Writes records as CSV (RFC 4180) or JSON Lines, flushing as it goes: memory stays bounded by one
/// record, however long the log.
/// </summary>
public static class AuditExportWriter
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    private static readonly string[] Columns =
        ["sequence", "time", "kind", "actor", "action", "subject", "result", "ipAddress", "accountId", "requestId", "detail", "previousHash", "hash"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ContentType(string format) => format == Csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";

    public static async Task WriteAsync(string format, IAsyncEnumerable<AuditRecord> records, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        if (format == Csv)
        {
            await writer.WriteLineAsync(string.Join(',', Columns));
        }

        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(format == Csv ? CsvLine(record) : JsonLine(record));
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string CsvLine(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Event;
        return string.Join(',', new[]
        {
            record.Sequence.ToString(CultureInfo.InvariantCulture), e.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            AuditKinds.Of(e.Action), e.Actor, e.Action, e.Subject, e.Result, e.IpAddress, e.AccountId, e.RequestId, e.Detail,
            record.PreviousHash, record.Hash,
        }.Select(CsvField));
    }

    public static string JsonLine(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Event;
        return JsonSerializer.Serialize(new
        {
            record.Sequence, e.Time, Kind = AuditKinds.Of(e.Action), e.Actor, e.Action, e.Subject, e.Result, e.IpAddress,
            e.AccountId, e.RequestId, e.Detail, record.PreviousHash, record.Hash,
        }, Json);
    }

    public static string CsvField(string? value) => ReportCsv.Field(value);
}
