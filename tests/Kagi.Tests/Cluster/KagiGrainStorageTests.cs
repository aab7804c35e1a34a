using Azure.Data.Tables;
using Kagi.Domain.Vault;
using Kagi.Hosting;
using Kagi.Silo.Storage;
using Kagi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The grain storage provider against the tests' Azurite, without a silo: what it stores where, optimistic
/// concurrency, clearing, states larger than one column, and state left by the earlier layout (Orleans' provider)
/// read and moved on its first write. Each test has a service id of its own, so rows never meet.
/// </summary>
public sealed class KagiGrainStorageTests
{
    private readonly TableServiceClient _tables = new(TestEnvironment.StorageConnection);
    private readonly string _serviceId = "gs-" + Guid.NewGuid().ToString("N")[..10];
    private static readonly IServiceProvider Serialization = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(AccountState).Assembly))
        .BuildServiceProvider();

    private readonly OrleansGrainStorageSerializer _serializer = new(Serialization.GetRequiredService<Serializer>());

    private static GrainId Account(string key) => GrainId.Create("privilegedaccount", key);

    [Fact]
    public async Task A_written_state_is_read_back_from_its_own_row_named_for_its_grain()
    {
        var storage = await StartAsync();
        var grain = Account("acme/db_owner");
        await storage.WriteStateAsync("account", grain, new GrainState<AccountState>(new AccountState { Exists = true, Username = "db_owner" }));

        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("db_owner", read.State!.Username);
        var (partition, row) = GrainStateLayout.AddressOf(_serviceId, "privilegedaccount", "acme/db_owner", "account");
        var stored = (await _tables.GetTableClient(KagiStorage.GrainRowsTable).GetEntityAsync<TableEntity>(partition, row)).Value;
        Assert.Equal("privilegedaccount/acme/db_owner", stored.GetString(GrainStateLayout.GrainColumn));
        Assert.Equal("account", stored.GetString(GrainStateLayout.StateColumn));
        Assert.Equal(read.ETag, stored.ETag.ToString());
    }

    [Fact]
    public async Task A_grain_never_written_reads_as_a_new_state_without_a_record()
    {
        var storage = await StartAsync();
        var read = new GrainState<AccountState>(new AccountState { Exists = true, Username = "left in memory" });

        await storage.ReadStateAsync("account", Account("acme/nobody"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.False(read.State!.Exists);
        Assert.Equal("", read.State.Username);
    }

    [Fact]
    public async Task A_write_from_a_stale_read_is_refused_and_the_newer_state_stays()
    {
        var storage = await StartAsync();
        var grain = Account("acme/shared");
        await storage.WriteStateAsync("account", grain, new GrainState<AccountState>(new AccountState { Username = "first" }));
        var first = new GrainState<AccountState>(new AccountState());
        var second = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, first);
        await storage.ReadStateAsync("account", grain, second);

        first.State = first.State! with { Username = "winner" };
        await storage.WriteStateAsync("account", grain, first);
        second.State = second.State! with { Username = "stale" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("account", grain, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("account", grain, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("account", grain, new GrainState<AccountState>(new AccountState())));
        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, read);
        Assert.Equal("winner", read.State!.Username);
    }

    [Fact]
    public async Task Clearing_removes_the_row_and_the_grain_reads_as_new_again()
    {
        var storage = await StartAsync();
        var grain = Account("acme/cleared");
        var state = new GrainState<AccountState>(new AccountState { Username = "gone" });
        await storage.WriteStateAsync("account", grain, state);

        await storage.ClearStateAsync("account", grain, state);

        Assert.False(state.RecordExists);
        Assert.Equal("", state.State!.Username);
        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, read);
        Assert.False(read.RecordExists);
        var (partition, row) = GrainStateLayout.AddressOf(_serviceId, "privilegedaccount", "acme/cleared", "account");
        Assert.False((await _tables.GetTableClient(KagiStorage.GrainRowsTable).GetEntityIfExistsAsync<TableEntity>(partition, row)).HasValue);
    }

    [Fact]
    public async Task A_state_larger_than_one_column_is_split_and_read_back_whole()
    {
        var storage = await StartAsync();
        var grain = Account("acme/large");
        var big = new string('x', 200_000) + "end";
        await storage.WriteStateAsync("account", grain, new GrainState<AccountState>(new AccountState { Username = big }));

        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, read);

        Assert.Equal(big, read.State!.Username);
        var (partition, row) = GrainStateLayout.AddressOf(_serviceId, "privilegedaccount", "acme/large", "account");
        var stored = (await _tables.GetTableClient(KagiStorage.GrainRowsTable).GetEntityAsync<TableEntity>(partition, row)).Value;
        Assert.NotNull(stored.GetBinary("Data3"));
    }

    [Fact]
    public async Task State_in_the_earlier_layout_is_read_and_moved_to_the_new_table_on_its_first_write()
    {
        var grain = Account("acme/old_one");
        var legacy = _tables.GetTableClient(KagiStorage.GrainStateTable);
        await legacy.CreateIfNotExistsAsync();
        var (legacyPartition, legacyRow) = GrainStateLayout.LegacyAddressOf(_serviceId, "privilegedaccount", "acme/old_one", "account");
        await legacy.AddEntityAsync(new TableEntity(legacyPartition, legacyRow)
        {
            ["Data"] = _serializer.Serialize(new AccountState { Exists = true, Username = "old_one" }).ToArray(),
        });
        var storage = await StartAsync();

        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal("old_one", read.State!.Username);

        read.State = read.State! with { TargetId = "pg" };
        await storage.WriteStateAsync("account", grain, read);

        Assert.False((await legacy.GetEntityIfExistsAsync<TableEntity>(legacyPartition, legacyRow)).HasValue);
        var again = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", grain, again);
        Assert.Equal(("old_one", "pg"), (again.State!.Username, again.State!.TargetId));
    }

    [Fact]
    public async Task A_service_without_state_in_the_earlier_layout_never_reads_it()
    {
        // Another service's legacy row under the same grain id is not this service's.
        var legacy = _tables.GetTableClient(KagiStorage.GrainStateTable);
        await legacy.CreateIfNotExistsAsync();
        var (partition, row) = GrainStateLayout.LegacyAddressOf(_serviceId + "x", "privilegedaccount", "acme/someone", "account");
        await legacy.AddEntityAsync(new TableEntity(partition, row) { ["Data"] = _serializer.Serialize(new AccountState { Username = "other" }).ToArray() });
        var storage = await StartAsync();

        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", Account("acme/someone"), read);

        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task The_inventory_rebuild_finds_every_grain_of_a_type_and_tenant_once_in_either_layout()
    {
        var legacy = _tables.GetTableClient(KagiStorage.GrainStateTable);
        await legacy.CreateIfNotExistsAsync();
        foreach (var id in new[] { "not_moved", "moved" })
        {
            var (partition, row) = GrainStateLayout.LegacyAddressOf(_serviceId, "privilegedaccount", "acme/" + id, "account");
            await legacy.AddEntityAsync(new TableEntity(partition, row) { ["Data"] = _serializer.Serialize(new AccountState()).ToArray() });
        }

        var storage = await StartAsync();
        foreach (var key in new[] { "acme/moved", "acme/new.one", "acme/new-two", "acme-corp/other", "acme" })
        {
            await storage.WriteStateAsync("account", Account(key), new GrainState<AccountState>(new AccountState()));
        }

        var found = new List<string>();
        await foreach (var id in new Kagi.Inventory.GrainStateKeys(_tables).LocalIdsAsync(_serviceId, "privilegedaccount", "acme"))
        {
            found.Add(id);
        }

        Assert.Equal(["moved", "new-two", "new.one", "not_moved"], found.Order(StringComparer.Ordinal));
    }

    private async Task<KagiGrainStorage> StartAsync()
    {
        var storage = new KagiGrainStorage("kagi", _tables, _serializer, Serialization.GetRequiredService<IActivatorProvider>(), _serviceId, NullLogger<KagiGrainStorage>.Instance);
        await storage.InitializeAsync(CancellationToken.None);
        return storage;
    }
}
