using System.Globalization;
using Azure.Data.Tables;
using Kagi.Requests;
using Kagi.Silo;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Issue 15, P5: a request aims its reminder (a write to the silo's reminder table) only when its next due time moves.
/// Read from the reminder table itself: approving a request that starts later leaves the row as submitting wrote it;
/// an approval that moves the due time, and a revocation that leaves nothing due, still change it.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class RequestReminderAimTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task Approving_a_request_due_at_its_start_either_way_leaves_the_reminder_row_unwritten_and_revoking_removes_it()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = Guid.NewGuid().ToString("N");
        var from = DateTimeOffset.UtcNow.AddMinutes(30);
        await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, from, from.AddHours(1), "patch window"));
        var submitted = await ReminderRowAsync(id);
        Assert.NotNull(submitted);
        AssertNear(from, StartAt(submitted));

        await world.Request(id).ApproveAsync(world.Approver, null);
        var approved = await ReminderRowAsync(id);

        Assert.NotNull(approved);
        Assert.Equal(submitted.ETag, approved.ETag);
        AssertNear(from, StartAt(approved));

        await world.Request(id).RevokeAsync(world.Admin, "change cancelled");
        Assert.Null(await ReminderRowAsync(id));
    }

    [Fact]
    public async Task Approving_a_request_that_starts_after_the_decision_deadline_aims_the_reminder_at_its_start()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var from = now.AddDays(3);
        // Undecided, it expires after the workflow's pending timeout (a day), long before it starts.
        await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, from, from.AddHours(1), "quarter-end close"));
        var submitted = await ReminderRowAsync(id);
        Assert.NotNull(submitted);
        AssertNear(now.AddDays(1), StartAt(submitted));

        await world.Request(id).ApproveAsync(world.Approver, null);
        var approved = await ReminderRowAsync(id);

        Assert.NotNull(approved);
        Assert.NotEqual(submitted.ETag, approved.ETag);
        AssertNear(from, StartAt(approved));
    }

    /// <summary>The request's agenda reminder as the reminder table holds it (its row names the grain, whose key ends
    /// with the request's id), or null when it has none.</summary>
    private static async Task<TableEntity?> ReminderRowAsync(string requestId)
    {
        var table = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiSiloBuilder.RemindersTable);
        var filter = TableClient.CreateQueryFilter($"ReminderName eq {AccessRequestGrain.AgendaReminder}");
        TableEntity? found = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            if (row.Select(column => column.Value).OfType<string>().Any(value => value.Contains(requestId, StringComparison.Ordinal)))
            {
                Assert.Null(found);
                found = row;
            }
        }

        return found;
    }

    private static DateTimeOffset StartAt(TableEntity row) => row["StartAt"] switch
    {
        DateTimeOffset at => at,
        DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        var other => throw new InvalidOperationException($"The reminder row's StartAt is {other?.GetType().Name ?? "missing"}."),
    };

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.InRange(actual, expected - TimeSpan.FromSeconds(5), expected + TimeSpan.FromSeconds(5));
}
