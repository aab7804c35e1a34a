using System.Net;
using System.Text.Json;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Usage reconciliation of an SSH target against the private sshd's auth log, over HTTP: sshd names no
/// application, so Kagi's own logins (registration check, rotation's change and verification, reading the
/// log) are told apart by Kagi's journal of them; a person's login outside any window is flagged, one
/// inside an approved check-out is not.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class SshReconciliationTests(KagiDeployment kagi) : IDisposable
{
    private readonly LinuxUsers _users = new();

    private KagiApi Api => kagi.Api;

    public void Dispose() => _users.Dispose();

    [Fact]
    public async Task Reconciliation_flags_an_ssh_login_outside_any_window_but_not_one_in_a_check_out_nor_Kagis_own()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var tenant = await TenantScript.OpenAsync(Api);
        var (user, initialPassword) = _users.Create();
        (await Api.PostAsync($"/api/t/{tenant.Id}/targets", new
        {
            id = "linux", kind = "ssh", host = TestEnvironment.SshHost, port = TestEnvironment.SshPort,
            adminUsername = TestEnvironment.SshAdmin, adminPassword = TestEnvironment.SshAdminPassword,
            authLogPath = TestEnvironment.SshAuthLog, hostKeySha256 = TestEnvironment.SshHostKeySha256,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new { id = "app", targetId = "linux", username = user, password = initialPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        // The admin account Kagi runs chpasswd and reads the log with is managed too, so its logins are reconciled as well.
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts", new
        {
            id = "admin", targetId = "linux", username = TestEnvironment.SshAdmin, password = TestEnvironment.SshAdminPassword,
        }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);

        // Right after Kagi's own verification login as the same user, from the same address: only the port tells them apart.
        var outside = await PersonLogsInAsync(user, initialPassword);
        // sshd's log (through syslog) has whole seconds: a login in the same second as the check-out may be either side of it.
        await NextSecondAsync();
        var requestId = (await Api.PostAsync($"/api/t/{tenant.Id}/requests", new
        {
            accountId = "app", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "patch the host",
        }, tenant.Bob)).ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"/api/t/{tenant.Id}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var password = (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/app/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK).Text("password");
        var inside = await PersonLogsInAsync(user, password);
        // Check-in rotates: the admin logs in for chpasswd, then Kagi verifies the new password by logging in as the user.
        var checkinStarted = DateTimeOffset.UtcNow;
        (await Api.PostAsync($"/api/t/{tenant.Id}/accounts/app/checkin", null, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        var checkinEnded = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.False(await LinuxUsers.CanLogInAsync(user, password), "check-in rotated the password");
        var period = $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";

        // sshd's lines reach the log through a pipe: wait until the rotation's verification login is in it.
        var report = await Eventually.Async(
            () => Api.GetAsync($"/api/t/{tenant.Id}/reports/reconciliation?{period}", tenant.Dave),
            r => r.Status == HttpStatusCode.OK && Rows(r).Count(l => l.GetProperty("username").GetString() == user) >= 4,
            TimeSpan.FromSeconds(20));

        Assert.Empty(report.Json.GetProperty("unreconciled").EnumerateArray());
        var rows = Rows(report);
        var mine = rows.Where(l => l.GetProperty("username").GetString() == user).ToList();
        var flagged = Assert.Single(mine, l => l.GetProperty("flagged").GetBoolean());
        Assert.InRange(flagged.GetProperty("loginAt").GetDateTimeOffset(), outside.Before.AddSeconds(-1), outside.After);
        var covered = Assert.Single(mine, l => l.GetProperty("coveredBy").GetString() == $"request {requestId}");
        Assert.InRange(covered.GetProperty("loginAt").GetDateTimeOffset(), inside.Before.AddSeconds(-1), inside.After);
        // Registration's check and rotation's verification, as the user.
        Assert.True(mine.Count(l => l.GetProperty("coveredBy").GetString() == "kagi") >= 2, report.Body);
        Assert.All(mine, l => Assert.Equal("127.0.0.1", l.GetProperty("clientHost").GetString()));
        // The admin's login for chpasswd during the check-in's rotation. (Other suites running beside this one
        // log in as the same admin without Kagi, so those of its lines are rightly flagged here.)
        Assert.Contains(rows, l => l.GetProperty("username").GetString() == TestEnvironment.SshAdmin
            && l.GetProperty("coveredBy").GetString() == "kagi"
            && l.GetProperty("loginAt").GetDateTimeOffset() >= checkinStarted.AddSeconds(-1)
            && l.GetProperty("loginAt").GetDateTimeOffset() <= checkinEnded);
    }

    private static Task NextSecondAsync() =>
        Task.Delay(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - (DateTimeOffset.UtcNow.UtcTicks % TimeSpan.TicksPerSecond)) + TimeSpan.FromMilliseconds(50));

    private static List<JsonElement> Rows(ApiResponse report) => [.. report.Json.GetProperty("rows").EnumerateArray()];

    private static async Task<(DateTimeOffset Before, DateTimeOffset After)> PersonLogsInAsync(string user, string password)
    {
        var before = DateTimeOffset.UtcNow;
        Assert.True(await LinuxUsers.CanLogInAsync(user, password), $"{user} logs in over SSH");
        return (before, DateTimeOffset.UtcNow.AddSeconds(1));
    }
}
