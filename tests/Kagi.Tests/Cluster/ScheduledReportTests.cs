using Azure.Data.Tables;
using Kagi.Audit;
using Kagi.Domain.Reports;
using Kagi.Reports;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using MimeKit;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>A daily report mailed as CSV to several recipients through a real SMTP server, once per period.</summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class ScheduledReportTests(FakeClockClusterFixture fixture)
{
    private static readonly string[] Recipients = ["security@acme.test", "audit@acme.test"];

    [Fact]
    public async Task A_daily_user_changes_report_is_mailed_as_csv_once_per_day()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Reports", "admin", TenantWorld.AdminPassword));
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(tenantId);
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], null);
        var clock = FakeClockClusterFixture.Clock;
        var yesterday = ReportSchedule.LastCompleted(ReportSchedule.Daily, clock.GetUtcNow());
        await log.AppendAsync(new AuditEvent(yesterday.From.AddHours(3), "admin", "user.create", "bob", AuditResults.Success, "10.0.0.1", "roles user"));
        await log.AppendAsync(new AuditEvent(yesterday.From.AddHours(4), "admin", "account.create", "db", AuditResults.Success, "10.0.0.1", null) { AccountId = "db" });
        await fixture.Grains.SetAuditSettingsAsync(tenantId, admin, new AuditSettings(365) { Reports = [new ScheduledReport("daily-users", "user-changes", ReportSchedule.Daily, [.. Recipients])] });
        var report = fixture.Grains.GetGrain<IScheduledReportGrain>(GrainKeys.For(tenantId, "daily-users"));
        var before = FakeClockClusterFixture.Mail.Messages.Count;

        await TickAsync(report);
        await TickAsync(report); // this period went out already

        var mail = await MimeMessage.LoadAsync(FakeClockClusterFixture.Mail.Messages.Skip(before).Single());
        Assert.Equal(Recipients, mail.To.Mailboxes.Select(m => m.Address));
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal($"user-changes-{tenantId}-{yesterday.From:yyyyMMdd}-{yesterday.Until:yyyyMMdd}.csv", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var csv = System.Text.Encoding.UTF8.GetString(content.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal); // MIME text travels with CRLF
        Assert.StartsWith("sequence,time,actor,action,subject,result,ipAddress,detail\n", csv, StringComparison.Ordinal);
        Assert.Contains(",admin,user.create,bob,success,10.0.0.1,roles user", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("account.create", csv, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromDays(1));
        await TickAsync(report);
        Assert.Equal(before + 2, FakeClockClusterFixture.Mail.Messages.Count);
        var next = await MimeMessage.LoadAsync(FakeClockClusterFixture.Mail.Messages.Skip(before + 1).Single());
        Assert.Equal($"user-changes-{tenantId}-{yesterday.Until:yyyyMMdd}-{yesterday.Until.AddDays(1):yyyyMMdd}.csv", Assert.Single(next.Attachments.OfType<MimePart>()).FileName);
        var sent = (await log.QueryAsync(admin, new AuditFilter(Kind: "report."), null, 10)).Records;
        Assert.Equal(2, sent.Length);
        Assert.All(sent, r => Assert.Equal(("kagi:system", "report.send"), (r.Event.Actor, r.Event.Action)));
        var reminders = new TableServiceClient(TestEnvironment.StorageConnection).GetTableClient(Kagi.Silo.KagiSiloBuilder.RemindersTable);
        Assert.Contains(reminders.Query<TableEntity>().Select(r => ((IDictionary<string, object>)r).Values.OfType<string>().ToList()),
            values => values.Any(v => v.Contains(tenantId, StringComparison.Ordinal)) && values.Contains(ScheduledReportGrain.ScheduleReminder));
    }

    [Fact]
    public async Task An_unknown_report_kind_is_refused_by_the_grains_not_mailed_as_another_report()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Reports", "admin", TenantWorld.AdminPassword));
        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], null);
        var odd = new ScheduledReport("odd", "logins-by-weekday", ReportSchedule.Daily, [.. Recipients]);
        var report = fixture.Grains.GetGrain<IScheduledReportGrain>(GrainKeys.For(tenantId, "odd"));
        var before = FakeClockClusterFixture.Mail.Messages.Count;

        var refused = await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() => report.ConfigureAsync(admin, odd));
        var settings = await Assert.ThrowsAsync<Kagi.Errors.KagiException>(() =>
            fixture.Grains.GetGrain<IAuditLogGrain>(tenantId).SetSettingsAsync(admin, new AuditSettings(365) { Reports = [odd] }));

        Assert.Equal((Kagi.Errors.ProblemCode.Invalid, Kagi.Errors.ProblemCode.Invalid), (refused.Code, settings.Code));
        await TickAsync(report);
        Assert.Equal(before, FakeClockClusterFixture.Mail.Messages.Count);
    }

    /// <summary>What the hourly reminder does, without waiting an hour.</summary>
    private static Task TickAsync(IScheduledReportGrain report) =>
        report.AsReference<IRemindable>().ReceiveReminder(ScheduledReportGrain.ScheduleReminder, default);
}
