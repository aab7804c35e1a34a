using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kagi.Connectors;

namespace Kagi.Reconciliation;

/// <summary>The table row of one <see cref="OwnLogin"/>: partition = tenant, row key =
/// <c>{targetId}|{start ticks, 19 digits}|{random}</c>, so one target's logins are a key range in time order.</summary>
public sealed class OwnLoginEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Username { get; set; } = "";
    public DateTimeOffset Started { get; set; }
    public DateTimeOffset Finished { get; set; }
    public string? ClientAddress { get; set; }
    public int? ClientPort { get; set; }

    /// <summary>Target ids never hold '|' (<c>Identifiers</c>), so the prefix ends where the target's rows do.</summary>
    public static string KeyOf(string targetId, DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{targetId}|{time.UtcTicks:D19}");

    public static OwnLoginEntity From(string tenantId, string targetId, OwnLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return new OwnLoginEntity
        {
            PartitionKey = tenantId,
            RowKey = KeyOf(targetId, login.Started) + "|" + Guid.NewGuid().ToString("N"),
            Username = login.Username,
            Started = login.Started.ToUniversalTime(),
            Finished = login.Finished.ToUniversalTime(),
            ClientAddress = login.ClientAddress,
            ClientPort = login.ClientPort,
        };
    }

    public OwnLogin ToLogin() => new(Username, Started, Finished, ClientAddress, ClientPort);
}
