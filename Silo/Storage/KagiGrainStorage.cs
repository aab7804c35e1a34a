using System.Net;
using Azure;
using Azure.Data.Tables;
using Kagi.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Kagi.Silo.Storage;

/// <summary>
/// Grain state in Azure Table storage in Kagi's own row layout (<see cref="GrainStateLayout"/>): optimistic
/// concurrency by ETag as Orleans' provider has it (a stale write or delete throws
/// <see cref="InconsistentStateException"/>), a cleared state's row deleted, the serialized state split across
/// <c>Data</c>, <c>Data1</c> … <c>Data14</c> (64 KiB each, the column limit).
/// <para>State written by the earlier layout (Orleans' provider, table <see cref="KagiStorage.GrainStateTable"/>)
/// is still read: when that table holds rows of this service at start-up, a grain without a row here is looked up
/// there, and its first write moves it (the new row added, then the old one deleted). A new deployment never
/// reads the old table.</para>
/// </summary>
public sealed partial class KagiGrainStorage(
    string name, TableServiceClient tables, IGrainStorageSerializer serializer, IActivatorProvider activators, string serviceId, ILogger<KagiGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const int ChunkBytes = 64 * 1024;
    private const int MaximumChunks = 15;
    // A state read from the earlier table carries this before its ETag there, so that its write knows to move it.
    private const string LegacyTag = "legacy:";

    private readonly TableClient _table = tables.GetTableClient(KagiStorage.GrainRowsTable);
    private readonly TableClient _legacy = tables.GetTableClient(KagiStorage.GrainStateTable);
    private bool _readLegacy;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe($"{nameof(KagiGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, InitializeAsync);
    }

    /// <summary>Creates the table; finds out once whether the earlier layout holds state of this service.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        _readLegacy = await LegacyHoldsRowsAsync(cancellationToken);
        if (_readLegacy)
        {
            LogLegacyRead(logger, KagiStorage.GrainStateTable, serviceId);
        }
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (partition, row) = AddressOf(stateName, grainId);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row);
        var entity = found.HasValue ? found.Value : null;
        var etag = entity?.ETag.ToString();
        if (entity is null && _readLegacy)
        {
            var (legacyPartition, legacyRow) = LegacyAddressOf(stateName, grainId);
            var old = await _legacy.GetEntityIfExistsAsync<TableEntity>(legacyPartition, legacyRow);
            if (old.HasValue)
            {
                entity = old.Value;
                etag = LegacyTag + entity!.ETag;
            }
        }

        if (entity is null)
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var data = Join(entity);
        if (data.Length > 0)
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(data));
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (partition, row) = AddressOf(stateName, grainId);
        var entity = new TableEntity(partition, row)
        {
            [GrainStateLayout.GrainColumn] = grainId.ToString(),
            [GrainStateLayout.StateColumn] = stateName,
        };
        Split(serializer.Serialize(grainState.State).ToMemory(), entity, grainId);
        var etag = grainState.ETag;
        try
        {
            var response = etag is null || IsLegacy(etag)
                ? await _table.AddEntityAsync(entity)
                : await _table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace);
            grainState.ETag = response.Headers.ETag?.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            throw Inconsistent("write", stateName, grainId, etag, e);
        }

        if (IsLegacy(etag))
        {
            await DeleteLegacyAsync(stateName, grainId, etag!);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = grainState.ETag;
        if (IsLegacy(etag))
        {
            await DeleteLegacyAsync(stateName, grainId, etag!);
        }
        else if (etag is not null)
        {
            var (partition, row) = AddressOf(stateName, grainId);
            try
            {
                await _table.DeleteEntityAsync(partition, row, new ETag(etag));
            }
            catch (RequestFailedException e) when (IsConflict(e))
            {
                throw Inconsistent("clear", stateName, grainId, etag, e);
            }
        }

        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task DeleteLegacyAsync(string stateName, GrainId grainId, string taggedEtag)
    {
        var (partition, row) = LegacyAddressOf(stateName, grainId);
        try
        {
            await _legacy.DeleteEntityAsync(partition, row, new ETag(taggedEtag[LegacyTag.Length..]));
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Already gone: nothing to move.
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            throw Inconsistent("move", stateName, grainId, taggedEtag, e);
        }
    }

    private async Task<bool> LegacyHoldsRowsAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {serviceId + "_"} and PartitionKey lt {serviceId + "`"}");
        await foreach (var _ in _legacy.RowsOrNoneAsync(filter, ["PartitionKey"], cancellationToken))
        {
            return true;
        }

        return false;
    }

    private (string PartitionKey, string RowKey) AddressOf(string stateName, GrainId grainId) =>
        GrainStateLayout.AddressOf(serviceId, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private (string PartitionKey, string RowKey) LegacyAddressOf(string stateName, GrainId grainId) =>
        GrainStateLayout.LegacyAddressOf(serviceId, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private static void Split(ReadOnlyMemory<byte> data, TableEntity entity, GrainId grainId)
    {
        if (data.Length > ChunkBytes * MaximumChunks)
        {
            throw new InvalidOperationException($"The state of {grainId.Type} is {data.Length} bytes; a table row holds at most {ChunkBytes * MaximumChunks}.");
        }

        for (var i = 0; i * ChunkBytes < data.Length; i++)
        {
            entity[i == 0 ? "Data" : $"Data{i}"] = data.Slice(i * ChunkBytes, Math.Min(ChunkBytes, data.Length - (i * ChunkBytes))).ToArray();
        }
    }

    /// <summary>The state's bytes, from <c>Data</c>, <c>Data1</c> … in order (both layouts split alike).</summary>
    public static byte[] Join(TableEntity entity)
    {
        using var data = new MemoryStream();
        for (var i = 0; i < MaximumChunks; i++)
        {
            if (entity.GetBinary(i == 0 ? "Data" : $"Data{i}") is { } part)
            {
                data.Write(part);
            }
        }

        return data.ToArray();
    }

    private static bool IsLegacy(string? etag) => etag?.StartsWith(LegacyTag, StringComparison.Ordinal) == true;

    private static bool IsConflict(RequestFailedException e) =>
        e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound;

    // The grain id's type only: a key may name a user or an account, which stays out of exception text.
    private static InconsistentStateException Inconsistent(string operation, string stateName, GrainId grainId, string? etag, Exception inner) =>
        new($"The stored {stateName} state of a {grainId.Type} grain changed since it was read; the {operation} was refused.", "unknown", etag ?? "none", inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain state of service {ServiceId} found in {Table} (the earlier row layout): grains without a row in the new table are read from it and moved on their next write.")]
    private static partial void LogLegacyRead(ILogger logger, string table, string serviceId);
}
