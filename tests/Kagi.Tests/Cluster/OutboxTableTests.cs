using System.Collections.Immutable;
using System.Globalization;
using Azure.Data.Tables;
using Kagi.Domain.Notifications;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Notifications;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// The outbox as rows of its table (issue 16): more deliveries than the old whole-state outbox kept, read
/// from the queue a few at a time (the fixture's <see cref="OutboxLimits"/>), each sent once and all listed
/// page by page; finished ones age out; an outbox stored in the old shape is moved to rows on activation.
/// Then (issue 15, P5) a finished delivery is one row and a pending one two, the listing of every status merges the
/// status ranges newest first across pages, and the rows earlier versions also wrote (every status's listing, the
/// age-out order) are removed by housekeeping while what they listed is still listed once.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class OutboxTableTests(FakeClockClusterFixture fixture)
{
    private const string Secret = "hook-secret-0123456789";

    /// <summary>The old outbox kept at most 500 finished deliveries.</summary>
    private const int OldCap = 500;

    private static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => FakeClockClusterFixture.Clock;

    private static TableClient Table => new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(KagiStorage.NotificationTable);

    private async Task<Caller> TenantAsync()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Outbox", "admin", TenantWorld.AdminPassword));
        return new Caller(tenantId, "admin", [KagiRoles.Admin], "10.0.0.1");
    }

    private static NotificationRequest Approved(int request) => new(NotificationEvents.RequestApproved, [], ToAdmins: false,
        ImmutableDictionary<string, string>.Empty.Add("requestId", "r-" + request)) { RequestId = "r-" + request };

    [Fact]
    public async Task More_deliveries_than_the_old_cap_are_each_sent_once_and_all_listed_page_by_page()
    {
        var admin = await TenantAsync();
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow);
        await fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId).SetAsync(admin, new NotificationSettings(null,
            [new WebhookSettings("soc", receiver.Url, Secret, []), new WebhookSettings("lake", receiver.Url, Secret, []), new WebhookSettings("pager", receiver.Url, Secret, [])]));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        const int Notifications = (OldCap / 3) + 10;

        // Enqueues interleave with the sending loop, which reads 7 due deliveries at a time.
        var ids = await Task.WhenAll(Enumerable.Range(0, Notifications).Select(i => outbox.EnqueueAsync(admin, Approved(i))));

        var sent = await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Sent, pageSize: 40), list => list.Length == Notifications * 3, TimeSpan.FromSeconds(120));
        Assert.Empty(await outbox.ListAllAsync(admin, NotificationDelivery.Pending));
        Assert.True(sent.Length > OldCap);
        var all = await outbox.ListAllAsync(admin, null, pageSize: 40);
        Assert.Equal(sent.Select(d => d.Id).Order(StringComparer.Ordinal), all.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(all.Length, all.Select(d => d.Id).Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(d => d.NotificationId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(all, d => Assert.Equal((NotificationDelivery.Sent, 1), (d.Status, d.Attempts)));
        Assert.Equal(all.OrderByDescending(d => d.CreatedAt).Select(d => d.CreatedAt), all.Select(d => d.CreatedAt));

        // Each delivery reached the receiver exactly once, signed, with the payload stored at enqueue.
        var requests = receiver.Requests;
        Assert.Equal(all.Length, requests.Count);
        Assert.Equal(all.Select(d => d.Id).Order(StringComparer.Ordinal), requests.Select(r => r.Delivery!).Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.True(r.Verified));
    }

    [Fact]
    public async Task Sent_deliveries_age_out_after_a_week_and_failures_after_a_month()
    {
        var admin = await TenantAsync();
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow);
        await fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId).SetAsync(admin, new NotificationSettings(null, [new WebhookSettings("soc", receiver.Url, Secret, [])]));
        // The admin has no email address: each mail to them is a failed delivery at once.
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        foreach (var i in Enumerable.Range(0, 12))
        {
            await outbox.EnqueueAsync(admin, Approved(i) with { Usernames = ["admin"] });
        }

        await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Sent), list => list.Length == 12, TimeSpan.FromSeconds(30));
        Assert.Equal(12, (await outbox.ListAllAsync(admin, NotificationDelivery.Failed)).Length);

        Clock.Advance(OutboxRules.SentRetention + TimeSpan.FromMinutes(1));
        var fresh = await outbox.EnqueueAsync(admin, Approved(99));
        var kept = await Eventually.Async(async () =>
        {
            await outbox.DeliverDueAsync(admin); // each pass removes at most 5 of each status
            return await outbox.ListAllAsync(admin, NotificationDelivery.Sent);
        }, list => list.Length == 1 && list[0].NotificationId == fresh, TimeSpan.FromSeconds(30));
        Assert.Equal(fresh, kept[0].NotificationId);
        Assert.Equal(12, (await outbox.ListAllAsync(admin, NotificationDelivery.Failed)).Length);

        Clock.Advance(OutboxRules.FailedRetention);
        var last = await outbox.EnqueueAsync(admin, Approved(100));
        var failed = await Eventually.Async(async () =>
        {
            await outbox.DeliverDueAsync(admin);
            return await outbox.ListAllAsync(admin, NotificationDelivery.Failed);
        }, list => list.IsEmpty, TimeSpan.FromSeconds(30));
        Assert.Empty(failed);
        var sent = await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Sent), list => list.Length == 1 && list[0].NotificationId == last, TimeSpan.FromSeconds(30));
        Assert.Equal(last, Assert.Single(sent).NotificationId);
    }

    [Fact]
    public async Task An_outbox_stored_in_the_old_shape_is_moved_to_rows_and_its_pending_delivery_sent()
    {
        var admin = await TenantAsync();
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow);
        await fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId).SetAsync(admin, new NotificationSettings(null, [new WebhookSettings("soc", receiver.Url, Secret, [])]));
        var now = Clock.GetUtcNow();
        OutboxDelivery Old(string id, string channel, string recipient, DateTimeOffset created) => new()
        {
            Id = id, NotificationId = "n-" + id, Event = NotificationEvents.RequestApproved, Channel = channel, Recipient = recipient, RequestId = "r-1",
            CreatedAt = created, NextAttemptAt = created,
        };
        var payload = WebhookPayload.Create("0pending", NotificationEvents.RequestApproved, admin.TenantId, now, "r-1", ImmutableDictionary<string, string>.Empty.Add("decidedBy", "carol"));
        var stored = new NotificationOutboxState
        {
            Deliveries =
            [
                DeliveryRetry.Succeeded(Old("0sent", NotificationDelivery.Email, "bob@acme.test", now.AddHours(-3)) with { Subject = "s", Body = "b" }, now.AddHours(-3)),
                DeliveryRetry.Undeliverable(Old("0failed", NotificationDelivery.Email, "user:carol", now.AddHours(-2)), now.AddHours(-2), NotificationRecipients.NoEmail),
                DeliveryRetry.Failed(Old("0pending", NotificationDelivery.Webhook, "soc", now.AddMinutes(-10)), now, "HTTP 500") with { Payload = payload },
            ],
        };
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        await PersistedState.WriteAsync(fixture.Cluster, outbox, "notificationOutbox", stored);

        Assert.Equal(["0pending", "0failed", "0sent"], (await outbox.ListAllAsync(admin, null)).Select(d => d.Id));
        var failed = Assert.Single(await outbox.ListAllAsync(admin, NotificationDelivery.Failed));
        Assert.Equal(stored.Deliveries[1].ToInfo(), failed);
        Assert.Equal(stored.Deliveries[0].ToInfo(), Assert.Single(await outbox.ListAllAsync(admin, NotificationDelivery.Sent), d => d.Id == "0sent"));
        Assert.Empty((await PersistedState.ReadAsync<NotificationOutboxState>(fixture.Cluster, outbox, "notificationOutbox")).Deliveries);

        // The pending one waited 30 s after its first failure; then it goes out with the payload stored before the upgrade.
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await outbox.DeliverDueAsync(admin));
        var sent = Assert.Single(await outbox.ListAllAsync(admin, NotificationDelivery.Sent), d => d.Id == "0pending");
        Assert.Equal(2, sent.Attempts);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("0pending", payload, true), (request.Delivery, request.Body, request.Verified));
    }

    private static NotificationRequest ToAdmin(int request) => new(NotificationEvents.RequestApproved, ["admin"], ToAdmins: false,
        ImmutableDictionary<string, string>.Empty.Add("requestId", "r-" + request)) { RequestId = "r-" + request };

    private static async Task<List<string>> RowKeysAsync(string tenantId)
    {
        var keys = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == tenantId, select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    [Fact]
    public async Task A_finished_delivery_is_one_row_a_pending_one_two_and_every_status_is_listed_newest_first_page_by_page()
    {
        var admin = await TenantAsync();
        // The webhook answers 500 twice, so its first delivery waits for a retry; the admin has no email address,
        // so each mail to them fails at once.
        await using var receiver = WebhookReceiver.Start(Secret, Clock.GetUtcNow, 500, 500);
        await fixture.Grains.GetGrain<INotificationSettingsGrain>(admin.TenantId).SetAsync(admin, new NotificationSettings(null, [new WebhookSettings("soc", receiver.Url, Secret, [])]));
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);

        await outbox.EnqueueAsync(admin, ToAdmin(1));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await outbox.EnqueueAsync(admin, ToAdmin(2));
        await Eventually.Async(() => Task.FromResult(receiver.Requests.Count), count => count == 2, TimeSpan.FromSeconds(30));
        var waiting = await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Pending), list => list.Length == 2 && list.All(d => d.Attempts == 1), TimeSpan.FromSeconds(30));

        var failed = await outbox.ListAllAsync(admin, NotificationDelivery.Failed);
        Assert.Equal(2, failed.Length);
        var keys = await RowKeysAsync(admin.TenantId);
        Assert.Equal(6, keys.Count);
        Assert.Equal(2, keys.Count(k => k.StartsWith("s|failed|", StringComparison.Ordinal)));
        Assert.Equal(2, keys.Count(k => k.StartsWith("s|pending|", StringComparison.Ordinal)));
        Assert.Equal(2, keys.Count(k => k.StartsWith("q|", StringComparison.Ordinal)));

        // Every status at once, three a page: newest first (one enqueue's deliveries by id), nothing twice, nothing missing.
        var all = await outbox.ListAllAsync(admin, null, pageSize: 3);
        Assert.Equal(4, all.Length);
        Assert.Equal(waiting.Concat(failed).Select(d => d.Id).Order(StringComparer.Ordinal), all.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(all.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Id), all.Select(d => d.Id));
        Assert.Equal(["r-2", "r-2", "r-1", "r-1"], all.Select(d => d.RequestId));

        // Sent on the retry: each is one row again, and the queue is empty.
        Clock.Advance(DeliveryRetry.FirstDelay);
        await outbox.DeliverDueAsync(admin);
        var sent = await Eventually.Async(() => outbox.ListAllAsync(admin, NotificationDelivery.Sent), list => list.Length == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(waiting.Select(d => d.Id).Order(StringComparer.Ordinal), sent.Select(d => d.Id).Order(StringComparer.Ordinal));
        keys = await RowKeysAsync(admin.TenantId);
        Assert.Equal(4, keys.Count);
        Assert.Equal(2, keys.Count(k => k.StartsWith("s|sent|", StringComparison.Ordinal)));
        Assert.Equal(2, keys.Count(k => k.StartsWith("s|failed|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rows_only_earlier_versions_wrote_are_removed_and_what_they_listed_is_listed_once_and_still_ages_out()
    {
        var admin = await TenantAsync();
        var now = Clock.GetUtcNow();
        OutboxDelivery Old(int i, string status) => new()
        {
            Id = "0old" + i.ToString(CultureInfo.InvariantCulture), NotificationId = "n-" + i, Event = NotificationEvents.RequestApproved, Channel = NotificationDelivery.Email,
            Recipient = "bob@acme.test", Status = status, Attempts = 1, RequestId = "r-" + i, CreatedAt = now.AddMinutes(-60 + i), FinishedAt = now.AddMinutes(-60 + i),
            LastError = status == DeliveryStatus.Failed ? "relay refused" : null,
        };
        var old = Enumerable.Range(0, 8).Select(i => Old(i, i % 2 == 0 ? DeliveryStatus.Sent : DeliveryStatus.Failed)).ToList();
        await Table.CreateIfNotExistsAsync(); // as the earlier version did, if this test runs before any outbox stored a row
        foreach (var delivery in old)
        {
            await Table.SubmitTransactionAsync(EarlierVersionRows(admin.TenantId, delivery).Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        }

        Assert.Equal(24, (await RowKeysAsync(admin.TenantId)).Count);

        // The outbox's first pass (every activation prunes once) removes the old rows, 5 a pass in this fixture.
        var outbox = fixture.Grains.GetGrain<INotificationOutboxGrain>(admin.TenantId);
        var keys = await Eventually.Async(async () =>
        {
            await outbox.DeliverDueAsync(admin);
            return await RowKeysAsync(admin.TenantId);
        }, found => found.Count == 8, TimeSpan.FromSeconds(30));
        Assert.All(keys, key => Assert.StartsWith("s|", key, StringComparison.Ordinal));

        var all = await outbox.ListAllAsync(admin, null, pageSize: 3);
        Assert.Equal(old.OrderByDescending(d => d.CreatedAt).Select(d => d.ToInfo()), all.AsEnumerable());
        Assert.Equal(old.Where(d => d.Status == DeliveryStatus.Failed).OrderByDescending(d => d.CreatedAt).Select(d => d.ToInfo()),
            (await outbox.ListAllAsync(admin, NotificationDelivery.Failed)).AsEnumerable());

        // They still age out by their finish time: the sent ones after a week, the failed ones after a month.
        Clock.Advance(OutboxRules.SentRetention);
        await outbox.EnqueueAsync(admin, ToAdmin(99));
        var left = await Eventually.Async(async () =>
        {
            await outbox.DeliverDueAsync(admin);
            return await outbox.ListAllAsync(admin, null);
        }, list => !list.Any(d => d.Id.StartsWith("0old", StringComparison.Ordinal) && d.Status == DeliveryStatus.Sent), TimeSpan.FromSeconds(30));
        Assert.Equal(old.Where(d => d.Status == DeliveryStatus.Failed).Select(d => d.Id).Order(StringComparer.Ordinal),
            left.Where(d => d.Id.StartsWith("0old", StringComparison.Ordinal)).Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>A finished delivery's rows as the versions of issue 16 wrote them: two listings and the age-out order.</summary>
    private static IEnumerable<TableEntity> EarlierVersionRows(string tenantId, OutboxDelivery delivery)
    {
        var position = (DateTimeOffset.MaxValue.UtcTicks - delivery.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + delivery.Id;
        TableEntity Listing(string key) => new(tenantId, key)
        {
            ["Id"] = delivery.Id, ["NotificationId"] = delivery.NotificationId, ["Event"] = delivery.Event, ["Channel"] = delivery.Channel,
            ["Recipient"] = delivery.Recipient, ["Status"] = delivery.Status, ["Attempts"] = delivery.Attempts, ["CreatedTicks"] = delivery.CreatedAt.UtcTicks,
            ["LastError"] = delivery.LastError, ["RequestId"] = delivery.RequestId, ["FinishedTicks"] = delivery.FinishedAt!.Value.UtcTicks,
        };
        yield return Listing("n|" + position);
        yield return Listing("s|" + delivery.Status + "|" + position);
        yield return new TableEntity(tenantId, "f|" + delivery.Status + "|" + delivery.FinishedAt!.Value.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + delivery.Id)
        {
            ["Position"] = position,
        };
    }
}
