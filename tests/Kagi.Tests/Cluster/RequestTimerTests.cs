using Kagi.Audit;
using Kagi.Notifications;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A request's own timer work, on the requests' clock moved forward by the test (the silo's timers
/// and the accounts keep real time): expiry, automatic check-in and rotation at the window's end,
/// escalation of missing after-the-fact approval, and reminders of an overdue post-work report.
/// After moving the clock the test delivers the request's reminder tick itself, as the reminder
/// service would; <see cref="RealTimeRequestTests"/> shows the reminder doing it with nobody calling.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class RequestTimerTests(FakeClockClusterFixture fixture)
{
    private static ShiftedClock Clock => FakeClockClusterFixture.RequestTime;

    [Fact]
    public async Task An_undecided_request_expires_at_its_start_and_can_no_longer_be_approved()
    {
        Clock.Reset();
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var id = Guid.NewGuid().ToString("N");
        var now = Clock.GetUtcNow();
        var submitted = await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, now.AddMinutes(30), now.AddHours(2), "index rebuild"));
        Assert.Equal(now.AddMinutes(30), submitted.DecideBy);

        Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await TickAsync(world, id);

        Assert.Equal(AccessRequestStatus.Expired, expired.Status);
        Assert.Contains(await ActionsAsync(world, id), a => a == "request.expire");
        Assert.Contains("request.expired", await NotifiedAsync(world, id, "user:requester"));
        await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => world.Request(id).ApproveAsync(world.Approver, null));
        var listed = await fixture.Grains.GetGrain<IRequestIndexGrain>(world.TenantId).QueryAsync(world.Admin, new RequestQuery(AccessRequestStatus.Expired, false, false, null, 10));
        Assert.Contains(listed.Items, s => s.Id == id);
    }

    [Fact]
    public async Task At_the_end_of_the_window_the_checked_out_account_is_checked_in_and_rotated()
    {
        Clock.Reset();
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var now = DateTimeOffset.UtcNow;
        var id = await world.ApprovedRequestAsync(now.AddMinutes(-1), now.AddHours(1));
        var grant = await world.Account.CheckOutAsync(world.Requester, id);
        Assert.True(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));

        Clock.Advance(TimeSpan.FromMinutes(61));
        var ended = await TickAsync(world, id);

        Assert.Equal(AccessRequestStatus.Expired, ended.Status);
        var account = await world.Account.GetAsync(world.Admin);
        Assert.Empty(account.Leases);
        Assert.NotNull(account.LastRotatedAt);
        Assert.False(await PostgresRoles.CanLogInAsync(world.Role, grant.Password!));
        Assert.Contains(await ActionsAsync(world, id), a => a == "request.access-end");
    }

    [Fact]
    public async Task A_one_time_account_is_created_when_the_window_starts_and_removed_when_it_ends()
    {
        Clock.Reset();
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var template = fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, "jit-db"));
        await template.RegisterOneTimeAsync(world.Admin, new OneTimeTemplate("pg", "jit", [], OneTimeEndAction.Remove));
        var id = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await world.Request(id).SubmitAsync(world.Requester, new NewAccessRequest("jit-db", now.AddSeconds(3), now.AddHours(1), "one-off data fix"));
        await world.Request(id).ApproveAsync(world.Approver, null);
        Assert.Empty((await template.GetAsync(world.Admin)).OneTimeAccounts);

        // Nobody calls: the request's reminder starts access and the template creates the requester's account.
        var started = await Eventually.Async(() => template.GetAsync(world.Admin),
            info => info.OneTimeAccounts.Any(a => a.Phase == "active"), TimeSpan.FromSeconds(60));
        var created = Assert.Single(started.OneTimeAccounts);
        Assert.Equal((world.Requester.Username, id), (created.Holder, created.RequestId));
        Assert.True(await PostgresRoles.ExistsAsync(created.Username));
        var grant = await template.CheckOutAsync(world.Requester, id);
        Assert.Equal(created.Username, grant.Username);
        Assert.True(await PostgresRoles.CanLogInAsync(grant.Username, grant.Password!));

        Clock.Advance(TimeSpan.FromMinutes(61));
        await TickAsync(world, id);
        Assert.False(await PostgresRoles.ExistsAsync(created.Username));
        Assert.Empty((await template.GetAsync(world.Admin)).OneTimeAccounts);
    }

    [Fact]
    public async Task Emergency_access_without_approval_after_the_fact_escalates_once_at_the_deadline()
    {
        Clock.Reset();
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await PutWorkflowAsync(world, report: false);
        var id = Guid.NewGuid().ToString("N");
        var now = Clock.GetUtcNow();
        var granted = await world.Request(id).SubmitEmergencyAsync(world.Requester, new NewAccessRequest(TenantWorld.AccountId, now, now.AddHours(8), "production is down"));
        Assert.Equal(AccessRequestStatus.Approved, granted.Status);
        Assert.True(granted.Emergency);
        Assert.Contains(await ActionsAsync(world, id), a => a == "request.emergency-alert");

        Clock.Advance(TimeSpan.FromHours(3));
        await TickAsync(world, id);
        Assert.DoesNotContain(await ActionsAsync(world, id), a => a == "request.emergency-escalate");

        Clock.Advance(TimeSpan.FromHours(1));
        await TickAsync(world, id);
        Clock.Advance(TimeSpan.FromHours(2));
        await TickAsync(world, id);
        Assert.Single(await ActionsAsync(world, id), a => a == "request.emergency-escalate");
        // Both notices may carry the same creation instant (the outbox's clock is the fixture's fake one), so compare them as a set.
        Assert.Equal(["request.emergency", "request.emergency-escalation"], (await NotifiedAsync(world, id, "user:admin")).Order(StringComparer.Ordinal));

        var approved = await world.Request(id).ApproveAsync(world.Approver, "confirmed incident INC-9");
        Assert.True(approved.ApprovedAfterTheFact);
    }

    [Fact]
    public async Task An_overdue_post_work_report_is_reminded_until_it_is_filed()
    {
        Clock.Reset();
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        await PutWorkflowAsync(world, report: true);
        var now = DateTimeOffset.UtcNow;
        var id = await world.ApprovedRequestAsync(now.AddMinutes(-1), now.AddHours(1));
        Assert.Equal(now.AddHours(2), (await world.Request(id).GetAsync(world.Admin)).ReportDueAt);

        Clock.Advance(TimeSpan.FromMinutes(119));
        await TickAsync(world, id);
        Assert.DoesNotContain(await ActionsAsync(world, id), a => a == "report.overdue");

        Clock.Advance(TimeSpan.FromMinutes(2));
        await TickAsync(world, id);
        Assert.Single(await ActionsAsync(world, id), a => a == "report.overdue");

        Clock.Advance(TimeSpan.FromHours(3));
        await TickAsync(world, id);
        Assert.Equal(2, (await ActionsAsync(world, id)).Count(a => a == "report.overdue"));
        Assert.Equal(2, (await NotifiedAsync(world, id, "user:requester")).Count(e => e == "report.overdue"));

        var filed = await world.Request(id).FileReportAsync(world.Requester, "Vacuumed the table; no schema change.");
        Assert.NotNull(filed.Report);
        Clock.Advance(TimeSpan.FromHours(10));
        await TickAsync(world, id);
        Assert.Equal(2, (await ActionsAsync(world, id)).Count(a => a == "report.overdue"));
    }

    /// <summary>Delivers the request's agenda reminder tick now, then reads the request.</summary>
    private static async Task<AccessRequestInfo> TickAsync(TenantWorld world, string requestId)
    {
        await world.Request(requestId).AsReference<IRemindable>().ReceiveReminder(AccessRequestGrain.AgendaReminder, default);
        return await world.Request(requestId).GetAsync(world.Admin);
    }

    private async Task PutWorkflowAsync(TenantWorld world, bool report) =>
        await fixture.Grains.GetGrain<IWorkflowCatalogGrain>(world.TenantId).PutAsync(world.Admin, "ops",
            new WorkflowDefinition("ops", new WorkflowScope(["pg"], []),
                [new ApprovalStep("approver", new ApproverSet([], [KagiRoles.Approver], []), Quorum.AnyOne)])
            {
                Emergency = new EmergencyAccessPolicy(TimeSpan.FromHours(4)),
                Report = report ? new PostWorkReportPolicy(true, TimeSpan.FromHours(1), TimeSpan.FromHours(2)) : PostWorkReportPolicy.NotRequired,
            });

    /// <summary>The events queued for one recipient about the request (TenantWorld's users have no address, so deliveries are listed as failed, with that reason).</summary>
    private async Task<List<string>> NotifiedAsync(TenantWorld world, string requestId, string recipient)
    {
        var deliveries = await fixture.Grains.GetGrain<INotificationOutboxGrain>(world.TenantId).ListAllAsync(world.Admin, null);
        return [.. deliveries.Where(d => d.RequestId == requestId && d.Recipient == recipient).OrderBy(d => d.CreatedAt).Select(d => d.Event)];
    }

    private async Task<List<string>> ActionsAsync(TenantWorld world, string requestId)
    {
        var page = await fixture.Grains.GetGrain<IAuditLogGrain>(world.TenantId).QueryAsync(world.Admin, new AuditFilter(RequestId: requestId), null, 200);
        return [.. page.Records.Select(r => r.Event.Action)];
    }
}
