using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Kagi.Domain.Notifications;

namespace Kagi.Notifications;

/// <summary>
/// How a delivery is written as rows of its tenant's partition, one row per query that finds it:
/// <list type="bullet">
/// <item><c>s|{status}|{position}</c>: what an admin lists, newest first, without the rendered message;
/// <c>{position}</c> is <c>{inverted created ticks}-{id}</c> and doubles as the continuation. The listing of every
/// status merges the three ranges (<see cref="DeliveryListing"/>). The finished ones of a status created before a cut-off are one key
/// range, the end of it, so aged-out deliveries are found there by their finish time.</item>
/// <item><c>q|{next attempt ticks}|{id}</c>: only while pending, with what it sends (subject, body, payload); the
/// queue the sending loop reads in due order, up to now.</item>
/// </list>
/// So a finished delivery is one row, and a pending one two (issue 15, P5: rows per notification are most of what
/// a submission writes). Versions before it also wrote <c>n|{position}</c> (every status) and
/// <c>f|{status}|{finished ticks}|{id}</c> (the age-out order); those are no longer read and are removed by
/// <see cref="OutboxStore.RemoveLegacyRowsAsync"/>.
/// Times are stored as UTC ticks, so a key computed from a row read back is the key it was written under.
/// </summary>
internal static class OutboxRows
{
    public const string Queue = "q|";

    /// <summary>Key prefixes of the rows earlier versions wrote besides these: every status, newest first; finished, by finish time.</summary>
    public static readonly string[] Legacy = ["n|", "f|"];

    /// <summary>Azure Table storage holds at most 64 KiB in one string property; longer text is split over several.</summary>
    private const int TextChunk = 30_000;

    public static string ByStatus(string status) => "s|" + status + "|";

    /// <summary>The key just above every key that starts with <paramref name="prefix"/> (which ends with '|').</summary>
    public static string End(string prefix) => prefix[..^1] + "}";

    public static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public static string Position(OutboxDelivery delivery) => Inverted(delivery.CreatedAt) + "-" + delivery.Id;

    /// <summary>The start of the positions of deliveries created before <paramref name="time"/> (newest first: they sort after it).</summary>
    public static string PositionsBefore(DateTimeOffset time) => Inverted(time);

    /// <summary>Whether <paramref name="continuation"/> has the shape of a <see cref="Position"/>.</summary>
    public static bool IsPosition(string continuation) =>
        continuation.Length is > 20 and <= Identifiers.MaximumLength && continuation[19] == '-'
        && continuation.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0 && Identifiers.IsValid(continuation[20..]);

    /// <summary>Every row that stands for <paramref name="delivery"/> in its present status.</summary>
    public static List<TableEntity> Of(string tenantId, OutboxDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var rows = new List<TableEntity> { Info(new TableEntity(tenantId, ByStatus(delivery.Status) + Position(delivery)), delivery) };
        if (delivery.Status == DeliveryStatus.Pending)
        {
            var queued = Info(new TableEntity(tenantId, Queue + Ticks(delivery.NextAttemptAt ?? delivery.CreatedAt) + "|" + delivery.Id), delivery);
            PutText(queued, "Subject", delivery.Subject);
            PutText(queued, "Body", delivery.Body);
            PutText(queued, "Payload", delivery.Payload);
            rows.Add(queued);
        }

        return rows;
    }

    /// <summary>The delivery a queue or listing row holds (a listing row holds no rendered message).</summary>
    public static OutboxDelivery ToDelivery(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new OutboxDelivery
        {
            Id = row.GetString("Id"),
            NotificationId = row.GetString("NotificationId"),
            Event = row.GetString("Event"),
            Channel = row.GetString("Channel"),
            Recipient = row.GetString("Recipient"),
            Status = row.GetString("Status"),
            Attempts = row.GetInt32("Attempts") ?? 0,
            LastError = GetText(row, "LastError"),
            NextAttemptAt = Time(row.GetInt64("NextAttemptTicks")),
            RequestId = GetText(row, "RequestId"),
            CreatedAt = Time(row.GetInt64("CreatedTicks")) ?? default,
            FinishedAt = Time(row.GetInt64("FinishedTicks")),
            Subject = GetText(row, "Subject"),
            Body = GetText(row, "Body"),
            Payload = GetText(row, "Payload"),
        };
    }

    /// <summary>The rough size of a row on the wire, to keep a transaction under its 4 MiB.</summary>
    public static int SizeOf(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return 1024 + ((IDictionary<string, object>)row).Values.Sum(value => value is string text ? Encoding.UTF8.GetMaxByteCount(text.Length) : 16);
    }

    private static TableEntity Info(TableEntity row, OutboxDelivery delivery)
    {
        row["Id"] = delivery.Id;
        row["NotificationId"] = delivery.NotificationId;
        row["Event"] = delivery.Event;
        row["Channel"] = delivery.Channel;
        row["Recipient"] = delivery.Recipient;
        row["Status"] = delivery.Status;
        row["Attempts"] = delivery.Attempts;
        row["CreatedTicks"] = delivery.CreatedAt.UtcTicks;
        // Absent values are left out: a row replaced whole loses what is no longer there.
        PutText(row, "LastError", delivery.LastError);
        PutText(row, "RequestId", delivery.RequestId);
        if (delivery.NextAttemptAt is { } next)
        {
            row["NextAttemptTicks"] = next.UtcTicks;
        }

        // Every finished row has it (the age-out filters on it); a delivery finished before it was kept has its creation.
        if (delivery.Status != DeliveryStatus.Pending || delivery.FinishedAt is not null)
        {
            row["FinishedTicks"] = (delivery.FinishedAt ?? delivery.CreatedAt).UtcTicks;
        }

        return row;
    }

    private static void PutText(TableEntity row, string name, string? text)
    {
        if (text is null)
        {
            return;
        }

        row[name] = text.Length <= TextChunk ? text : text[..TextChunk];
        for (int part = 1, start = TextChunk; start < text.Length; part++, start += TextChunk)
        {
            row[name + part.ToString(CultureInfo.InvariantCulture)] = text.Substring(start, Math.Min(TextChunk, text.Length - start));
        }
    }

    private static string? GetText(TableEntity row, string name)
    {
        if (row.GetString(name) is not { } first)
        {
            return null;
        }

        var text = new StringBuilder(first);
        for (var part = 1; row.GetString(name + part.ToString(CultureInfo.InvariantCulture)) is { } next; part++)
        {
            text.Append(next);
        }

        return text.ToString();
    }

    private static string Inverted(DateTimeOffset time) => (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
