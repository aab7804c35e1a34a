using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>What the request's timer changes when its agenda falls due, and that it refuses to act early or twice.</summary>
public sealed class RequestTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private static readonly WorkflowDefinition Flow = WorkflowRules.Validate(
        new WorkflowDefinition("ops", new WorkflowScope([], []), [new ApprovalStep("approver", new ApproverSet([], [KagiRoles.Approver], []), Quorum.AnyOne)])
        {
            Emergency = new EmergencyAccessPolicy(TimeSpan.FromHours(4)),
            Report = new PostWorkReportPolicy(true, TimeSpan.FromHours(24), TimeSpan.FromHours(12)),
            PendingTimeout = TimeSpan.FromHours(8),
        });

    private static NewAccessRequest Ask(double startInHours = 1, double hours = 2) =>
        new("db", Now.AddHours(startInHours), Now.AddHours(startInHours + hours), "restart the replica");

    private static AccessRequestState Pending() => AccessRequestLifecycle.Submit("alice", Ask(), "ops", Flow, Directory(Now), Now);

    private static AccessRequestState Approved() => AccessRequestLifecycle.Decide(Pending(), Directory(Now), "bob", true, null, Now).State;

    private static void Refused(Func<AccessRequestState> transition) =>
        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => transition()).Code);

    [Fact]
    public void An_undecided_request_expires_at_its_deadline_and_not_before()
    {
        var pending = Pending();

        Refused(() => RequestTransitions.ExpireUndecided(pending, Now.AddMinutes(59)));
        Assert.Equal(AccessRequestStatus.Expired, RequestTransitions.ExpireUndecided(pending, Now.AddHours(1)).Status);
        Refused(() => RequestTransitions.ExpireUndecided(Approved(), Now.AddHours(1)));
    }

    [Fact]
    public void Access_starts_once_from_the_start_of_an_approved_window()
    {
        var approved = Approved();

        Refused(() => RequestTransitions.StartAccess(approved, Now.AddMinutes(30)));
        var started = RequestTransitions.StartAccess(approved, Now.AddHours(1));
        Assert.Equal(Now.AddHours(1), started.AccessStartedAt);
        Refused(() => RequestTransitions.StartAccess(started, Now.AddHours(1)));
        Refused(() => RequestTransitions.StartAccess(Pending(), Now.AddHours(1)));
    }

    [Fact]
    public void Access_ends_once_at_the_window_end_and_an_approved_request_becomes_expired()
    {
        var started = RequestTransitions.StartAccess(Approved(), Now.AddHours(1));

        Refused(() => RequestTransitions.EndAccess(started, Now.AddHours(2)));
        var ended = RequestTransitions.EndAccess(started, started.Until);
        Assert.Equal((AccessRequestStatus.Expired, started.Until), (ended.Status, ended.AccessEndedAt!.Value));
        Refused(() => RequestTransitions.EndAccess(ended, started.Until.AddMinutes(1)));
    }

    [Fact]
    public void A_revoked_request_ends_access_at_once_and_stays_revoked_even_if_never_approved()
    {
        var revoked = AccessRequestLifecycle.Revoke(Approved(), "zoe", "left the company", Now.AddMinutes(5));
        var ended = RequestTransitions.EndAccess(revoked, Now.AddMinutes(5));
        Assert.Equal((AccessRequestStatus.Revoked, Now.AddMinutes(5)), (ended.Status, ended.AccessEndedAt!.Value));

        var revokedPending = AccessRequestLifecycle.Revoke(Pending(), "zoe", "not needed", Now);
        Assert.Equal(AccessRequestStatus.Revoked, RequestTransitions.EndAccess(revokedPending, Now).Status);
        Refused(() => RequestTransitions.EndAccess(Pending(), Now.AddDays(1)));
    }

    [Fact]
    public void An_extension_still_pending_when_the_window_closes_lapses_and_the_end_stays()
    {
        var approved = Approved();
        var asked = AccessRequestLifecycle.Extend(approved, "alice", approved.Until.AddHours(2), "one more run", Now.AddHours(1));

        Refused(() => RequestTransitions.ExpireExtension(asked, approved.Until.AddTicks(-1)));
        var lapsed = RequestTransitions.ExpireExtension(asked, approved.Until);
        Assert.Equal(ExtensionStatuses.Expired, lapsed.Extension!.Status);
        Assert.Equal(approved.Until, lapsed.Until);
        Refused(() => RequestTransitions.ExpireExtension(lapsed, approved.Until));
    }

    [Fact]
    public void Missing_emergency_approval_escalates_once_at_its_deadline()
    {
        var emergency = AccessRequestLifecycle.SubmitEmergency("alice", Ask(startInHours: 5), "ops", Flow, Directory(Now), Now);

        Refused(() => RequestTransitions.Escalate(emergency, Now.AddHours(3)));
        var escalated = RequestTransitions.Escalate(emergency, Now.AddHours(4));
        Assert.Equal(Now.AddHours(4), escalated.EscalatedAt);
        Refused(() => RequestTransitions.Escalate(escalated, Now.AddHours(5)));
    }

    [Fact]
    public void An_overdue_report_is_reminded_counted_and_not_again_before_the_next_reminder()
    {
        var approved = Approved();
        var ended = RequestTransitions.EndAccess(RequestTransitions.StartAccess(approved, Now.AddHours(1)), approved.Until);
        var due = ended.ReportDueAt!.Value;

        Refused(() => RequestTransitions.RemindReport(ended, due.AddTicks(-1)));
        var reminded = RequestTransitions.RemindReport(ended, due);
        Assert.Equal((1, due), (reminded.ReportReminders, reminded.ReportRemindedAt!.Value));
        Refused(() => RequestTransitions.RemindReport(reminded, due.AddHours(1)));
        Assert.Equal(2, RequestTransitions.RemindReport(reminded, due.AddHours(12)).ReportReminders);
    }
}
