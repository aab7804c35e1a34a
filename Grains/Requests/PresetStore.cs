using System.Collections.Immutable;
using System.Globalization;
using Azure.Data.Tables;
using Kagi.Hosting;
using Kagi.Requests.Workflows;

namespace Kagi.Requests;

/// <summary>
/// Users' request presets in one Azure table: partition = tenant, row key <c>{owner}|{presetId}</c>, so a
/// user's presets are one key range and never mix with another user's (usernames hold no '|'). The tenant's
/// workflow catalog grain is the one writer; a failed write throws to the caller.
/// </summary>
public sealed class PresetStore(TableServiceClient tables)
{
    private const char ListSeparator = ',';

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.PresetTable);
    private readonly Lazy<Task> _created = new(() => tables.GetTableClient(KagiStorage.PresetTable).CreateIfNotExistsAsync());

    public async Task PutAsync(string tenantId, RequestPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        await _created.Value;
        await _table.UpsertEntityAsync(ToRow(tenantId, preset), TableUpdateMode.Replace);
    }

    public async Task<RequestPreset?> GetAsync(string tenantId, string owner, string presetId)
    {
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, Key(owner, presetId));
        return row.HasValue ? ToPreset(row.Value!) : null;
    }

    /// <summary>Every preset of <paramref name="owner"/>, in id order.</summary>
    public async Task<ImmutableArray<RequestPreset>> ListAsync(string tenantId, string owner)
    {
        await _created.Value;
        var prefix = owner + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {owner + "}"}");
        var presets = ImmutableArray.CreateBuilder<RequestPreset>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter))
        {
            presets.Add(ToPreset(row));
        }

        return presets.ToImmutable();
    }

    private static string Key(string owner, string presetId) => owner + "|" + presetId;

    private static TableEntity ToRow(string tenantId, RequestPreset preset)
    {
        var row = new TableEntity(tenantId, Key(preset.Owner, preset.Id))
        {
            ["Id"] = preset.Id,
            ["Owner"] = preset.Owner,
            ["AccountIds"] = string.Join(ListSeparator, preset.AccountIds.IsDefault ? [] : preset.AccountIds),
            ["DurationTicks"] = preset.Duration.Ticks,
            ["Purpose"] = preset.Purpose,
        };
        Put(row, "WorkContent", preset.WorkContent);
        Put(row, "TicketReference", preset.TicketReference);
        // One pair of properties per field: together the fields may exceed the 64 KiB a single property holds.
        var index = 0;
        foreach (var (name, value) in preset.CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            row[Field(index, "Name")] = name;
            row[Field(index, "Value")] = value;
            index++;
        }

        return row;
    }

    private static RequestPreset ToPreset(TableEntity row)
    {
        var accounts = row.GetString("AccountIds");
        var fields = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var index = 0; row.GetString(Field(index, "Name")) is { } name; index++)
        {
            fields[name] = row.GetString(Field(index, "Value")) ?? "";
        }

        return new RequestPreset(row.GetString("Id"), row.GetString("Owner"), string.IsNullOrEmpty(accounts) ? [] : [.. accounts.Split(ListSeparator)],
            TimeSpan.FromTicks(row.GetInt64("DurationTicks") ?? 0), row.GetString("Purpose"))
        {
            WorkContent = row.GetString("WorkContent"),
            TicketReference = row.GetString("TicketReference"),
            CustomFields = fields.ToImmutable(),
        };
    }

    private static void Put(TableEntity row, string name, string? value)
    {
        if (value is not null)
        {
            row[name] = value;
        }
    }

    private static string Field(int index, string part) => "Field" + index.ToString(CultureInfo.InvariantCulture) + part;
}
