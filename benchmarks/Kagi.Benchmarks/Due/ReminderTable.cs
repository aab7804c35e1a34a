using System.Globalization;
using Azure.Data.Tables;

namespace Kagi.Benchmarks.Due;

/// <summary>
/// Reads when the accounts' reminders are next due, from the silo's reminder table (KagiReminders in Azurite):
/// the spread of the firings as Orleans itself will make them.
/// </summary>
internal static class ReminderTable
{
    private const string Table = "KagiReminders";
    private const string Maintenance = "account-maintenance";

    public static async Task<List<DateTimeOffset>> DueTimesAsync(string storageConnection, DateTimeOffset dueMinute)
    {
        var table = new TableServiceClient(storageConnection).GetTableClient(Table);
        var times = new List<DateTimeOffset>();
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["ReminderName", "StartAt"]))
        {
            if (entity.GetString("ReminderName") == Maintenance && StartAt(entity) is { } at)
            {
                // A reminder whose start passed fires at once (it was registered overdue); count it at the due minute.
                times.Add(at < dueMinute ? dueMinute : at);
            }
        }

        return times;
    }

    private static DateTimeOffset? StartAt(TableEntity entity) => entity["StartAt"] switch
    {
        DateTimeOffset at => at,
        DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at,
        _ => null,
    };
}
