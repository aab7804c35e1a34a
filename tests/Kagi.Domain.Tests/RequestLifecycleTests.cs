using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>Emergency access, extensions, revocation, post-work reports and the request's timer agenda, on a hand-moved clock.</summary>
public sealed class RequestLifecycleTests
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

    private static AccessRequestState Approved(DateTimeOffset? at = null)
    {
        var pending = AccessRequestLifecycle.Submit("alice", Ask(), "ops", Flow, Directory(Now), Now);
        var approved = AccessRequestLifecycle.Decide(pending, Directory(Now), "bob", true, null, at ?? Now).State;

        // As the request's timer leaves it once the window has begun.
        return approved with { AccessStartedAt = approved.From };
    }

    [Fact]
    public void Access_starts_once_at_the_requested_start_or_at_approval_if_that_is_later()
    {
        var pending = AccessRequestLifecycle.Submit("alice", Ask(startInHours: 1), "ops", Flow, Directory(Now), Now);
        Assert.Null(RequestAgenda.AccessStartDue(pending));

        var early = AccessRequestLifecycle.Decide(pending, Directory(Now), "bob", true, null, Now).State;
        Assert.Equal(Now.AddHours(1), RequestAgenda.AccessStartDue(early));
        Assert.Equal(Now.AddHours(1), RequestAgenda.NextDue(early));
        Assert.False(RequestAgenda.Due(early, Now.AddMinutes(59)).StartAccess);
        Assert.True(RequestAgenda.Due(early, Now.AddHours(1)).StartAccess);

        var late = AccessRequestLifecycle.Decide(pending, Directory(Now), "bob", true, null, Now.AddMinutes(50)).State;
        var lateStart = AccessRequestLifecycle.SubmitEmergency("alice", Ask(), "ops", Flow, Directory(Now), Now.AddMinutes(90));
        Assert.Equal(Now.AddHours(1), RequestAgenda.AccessStartDue(late));
        Assert.Equal(Now.AddMinutes(90), RequestAgenda.AccessStartDue(lateStart));

        var started = early with { AccessStartedAt = Now.AddHours(1) };
        Assert.Null(RequestAgenda.AccessStartDue(started));
        Assert.Equal(started.Until, RequestAgenda.NextDue(started));
    }

    private static AccessRequestState Emergency() =>
        AccessRequestLifecycle.SubmitEmergency("alice", Ask(startInHours: 5, hours: 2), "ops", Flow, Directory(Now), Now);

    [Fact]
    public void Emergency_access_is_approved_at_once_from_now_and_owes_approval_afterwards()
    {
        var state = Emergency();

        Assert.Equal(AccessRequestStatus.Approved, state.Status);
        Assert.True(state.Emergency);
        Assert.Equal(Now, state.From);
        Assert.Equal(Now, state.ApprovedAt);
        Assert.True(state.AwaitingAfterTheFact);
        Assert.Equal(DecisionPhase.AfterTheFact, AccessRequestLifecycle.PhaseAt(state, Now.AddHours(1)));
        Assert.True(state.ReportRequired);
    }

    [Fact]
    public void Emergency_access_is_refused_under_a_workflow_without_it()
    {
        var e = Assert.Throws<KagiException>(() =>
            AccessRequestLifecycle.SubmitEmergency("alice", Ask(), "default", WorkflowRules.Default, Directory(Now), Now));

        Assert.Equal(ProblemCode.Forbidden, e.Code);
    }

    [Fact]
    public void Missing_after_the_fact_approval_escalates_once_at_the_deadline()
    {
        var state = Emergency();

        Assert.Equal(Now.AddHours(4), RequestAgenda.EscalationDue(state));
        Assert.False(RequestAgenda.Due(state, Now.AddHours(4).AddTicks(-1)).Escalate);
        Assert.True(RequestAgenda.Due(state, Now.AddHours(4)).Escalate);

        var escalated = state with { EscalatedAt = Now.AddHours(4) };
        Assert.False(RequestAgenda.Due(escalated, Now.AddDays(3)).Escalate);

        var approved = AccessRequestLifecycle.Decide(state, Directory(Now), "bob", true, "ok", Now.AddHours(1)).State;
        Assert.True(approved.ApprovedAfterTheFact);
        Assert.Null(RequestAgenda.EscalationDue(approved));
    }

    [Fact]
    public void Emergency_access_rejected_after_the_fact_ends_at_once()
    {
        var (rejected, outcome) = AccessRequestLifecycle.Decide(Emergency(), Directory(Now), "bob", false, "not an emergency", Now.AddMinutes(30));

        Assert.Equal(RoundOutcome.EmergencyRejected, outcome);
        Assert.Equal(AccessRequestStatus.Rejected, rejected.Status);
        Assert.Equal(Now.AddMinutes(30), RequestAgenda.AccessEndDue(rejected));
    }

    [Fact]
    public void An_undecided_request_falls_due_for_expiry_at_its_start()
    {
        var pending = AccessRequestLifecycle.Submit("alice", Ask(startInHours: 1), "ops", Flow, Directory(Now), Now);
        var later = AccessRequestLifecycle.Submit("alice", Ask(startInHours: 20), "ops", Flow, Directory(Now), Now);

        Assert.Equal(Now.AddHours(1), RequestAgenda.NextDue(pending));
        Assert.True(RequestAgenda.Due(pending, Now.AddHours(1)).ExpirePending);
        Assert.Equal(Now.AddHours(8), RequestAgenda.NextDue(later));
    }

    [Fact]
    public void Access_ends_at_the_window_end_and_then_the_report_falls_due_and_is_reminded_until_filed()
    {
        var state = Approved();

        Assert.Equal(state.Until, RequestAgenda.NextDue(state));
        Assert.True(RequestAgenda.Due(state, state.Until).EndAccess);
        var ended = state with { AccessEndedAt = state.Until, Status = AccessRequestStatus.Expired };

        var due = state.Until.AddHours(24);
        Assert.Equal(due, ended.ReportDueAt);
        Assert.Equal(due, RequestAgenda.NextDue(ended));
        Assert.False(RequestAgenda.Due(ended, due.AddTicks(-1)).RemindReport);
        Assert.True(RequestAgenda.Due(ended, due).RemindReport);

        var reminded = ended with { ReportRemindedAt = due, ReportReminders = 1 };
        Assert.Equal(due.AddHours(12), RequestAgenda.NextDue(reminded));

        var filed = AccessRequestLifecycle.FileReport(reminded, "alice", "Restarted the replica; lag back to 0.", due.AddHours(1));
        Assert.Null(RequestAgenda.NextDue(filed));
    }

    [Fact]
    public void Reminders_stop_after_the_maximum()
    {
        var state = Approved() with { AccessEndedAt = Now.AddHours(3), ReportReminders = RequestAgenda.MaximumReportReminders, ReportRemindedAt = Now.AddDays(5) };

        Assert.Null(RequestAgenda.ReportReminderDue(state));
    }

    [Fact]
    public void A_report_is_filed_by_the_requester_and_approved_by_someone_else_who_could_approve()
    {
        var state = Approved();
        var admin = new Caller("t", "zoe", [KagiRoles.Admin], null);
        var bob = new Caller("t", "bob", [KagiRoles.Approver], null);
        var erin = new Caller("t", "erin", [KagiRoles.User], null);
        var alice = new Caller("t", "alice", [KagiRoles.User, KagiRoles.Approver], null);

        Assert.Equal(ProblemCode.Forbidden, Assert.Throws<KagiException>(() => AccessRequestLifecycle.FileReport(state, "bob", "x", Now)).Code);
        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => AccessRequestLifecycle.ApproveReport(state, Directory(Now), bob, Now)).Code);
        var filed = AccessRequestLifecycle.FileReport(state, "alice", "  Done: replica restarted.  ", Now);
        Assert.Equal("Done: replica restarted.", filed.Report!.Text);

        Assert.Equal(ProblemCode.SelfApproval, Assert.Throws<KagiException>(() => AccessRequestLifecycle.ApproveReport(filed, Directory(Now), alice, Now)).Code);
        Assert.Equal(ProblemCode.Forbidden, Assert.Throws<KagiException>(() => AccessRequestLifecycle.ApproveReport(filed, Directory(Now), erin, Now)).Code);
        var accepted = AccessRequestLifecycle.ApproveReport(filed, Directory(Now), bob, Now.AddHours(1));
        Assert.Equal(("bob", Now.AddHours(1)), (accepted.Report!.ApprovedBy, accepted.Report.ApprovedAt!.Value));
        Assert.Equal("zoe", AccessRequestLifecycle.ApproveReport(filed, Directory(Now), admin, Now).Report!.ApprovedBy);
        Assert.Throws<KagiException>(() => AccessRequestLifecycle.FileReport(accepted, "alice", "rewrite", Now.AddHours(2)));
    }

    [Fact]
    public void A_report_cannot_be_filed_for_a_request_never_approved()
    {
        var pending = AccessRequestLifecycle.Submit("alice", Ask(), "ops", Flow, Directory(Now), Now);

        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => AccessRequestLifecycle.FileReport(pending, "alice", "x", Now)).Code);
        Assert.False(pending.ReportRequired);
    }

    [Fact]
    public void An_extension_needs_every_step_again_and_only_then_moves_the_end()
    {
        var state = Approved();
        var inWindow = state.From.AddMinutes(10);
        var newEnd = state.Until.AddHours(2);

        var asked = AccessRequestLifecycle.Extend(state, "alice", newEnd, "the patch needs a second run", inWindow);
        Assert.Equal(1, asked.Round);
        Assert.Equal(DecisionPhase.Extension, AccessRequestLifecycle.PhaseAt(asked, inWindow));
        Assert.Equal(state.Until, asked.Until);
        Assert.Equal(state.Until, RequestAgenda.NextDue(asked));

        // bob approved the request in round 0; he may approve the extension in round 1.
        var (extended, outcome) = AccessRequestLifecycle.Decide(asked, Directory(Now), "bob", true, null, inWindow);
        Assert.Equal(RoundOutcome.ExtensionApproved, outcome);
        Assert.Equal(newEnd, extended.Until);
        Assert.All(extended.AllItems, item => Assert.Equal(newEnd, item.Until));
        Assert.Equal(AccessRequestStatus.Approved, AccessRequestLifecycle.StatusAt(extended, state.Until.AddMinutes(1)));
    }

    [Fact]
    public void A_rejected_or_undecided_extension_leaves_the_window_as_it_was()
    {
        var state = Approved();
        var inWindow = state.From.AddMinutes(10);
        var asked = AccessRequestLifecycle.Extend(state, "alice", state.Until.AddHours(1), "more time", inWindow);

        var (rejected, outcome) = AccessRequestLifecycle.Decide(asked, Directory(Now), "carol", false, "no", inWindow);
        Assert.Equal(RoundOutcome.ExtensionRejected, outcome);
        Assert.Equal(state.Until, rejected.Until);
        Assert.Equal(ExtensionStatuses.Rejected, rejected.Extension!.Status);

        Assert.True(RequestAgenda.Due(asked, state.Until).ExpireExtension);
    }

    [Fact]
    public void Extensions_are_refused_to_others_outside_the_window_beyond_the_limit_and_for_emergency_access()
    {
        var state = Approved();
        var inWindow = state.From.AddMinutes(10);

        Assert.Equal(ProblemCode.Forbidden, Assert.Throws<KagiException>(() => AccessRequestLifecycle.Extend(state, "bob", state.Until.AddHours(1), "x", inWindow)).Code);
        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => AccessRequestLifecycle.Extend(state, "alice", state.Until.AddHours(1), "x", state.Until)).Code);
        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => AccessRequestLifecycle.Extend(state, "alice", state.Until.AddDays(40), "x", inWindow)).Code);
        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => AccessRequestLifecycle.Extend(state, "alice", state.Until, "x", inWindow)).Code);
        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => AccessRequestLifecycle.Extend(Emergency(), "alice", Now.AddHours(9), "x", Now)).Code);
        var asked = AccessRequestLifecycle.Extend(state, "alice", state.Until.AddHours(1), "x", inWindow);
        Assert.Equal(ProblemCode.InvalidState, Assert.Throws<KagiException>(() => AccessRequestLifecycle.Extend(asked, "alice", state.Until.AddHours(2), "y", inWindow)).Code);
    }

    [Fact]
    public void Revocation_ends_access_at_once_and_the_report_falls_due_from_then()
    {
        var state = Approved();
        var at = state.From.AddMinutes(30);

        var revoked = AccessRequestLifecycle.Revoke(state, "zoe", "suspicious activity", at);

        Assert.Equal(AccessRequestStatus.Revoked, AccessRequestLifecycle.StatusAt(revoked, at));
        Assert.Equal(at, RequestAgenda.AccessEndDue(revoked));
        Assert.Equal(at.AddHours(24), revoked.ReportDueAt);
        Assert.Throws<KagiException>(() => AccessRequestLifecycle.Revoke(revoked, "zoe", "again", at));
        Assert.Throws<KagiException>(() => AccessRequestLifecycle.Decide(revoked, Directory(Now), "bob", true, null, at));
    }
}
