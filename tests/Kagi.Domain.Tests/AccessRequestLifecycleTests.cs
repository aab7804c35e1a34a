using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Pure rules of an access request: submit validation, separation of duties, expiry.</summary>
public sealed class AccessRequestLifecycleTests
{
    private const string Requester = "alice";
    private const string Approver = "bob";
    private const string Account = "db-prod-sa";

    private static readonly DateTimeOffset Now = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = Now.AddHours(1);
    private static readonly DateTimeOffset Until = Now.AddHours(5);

    private static NewAccessRequest Valid(DateTimeOffset? from = null, DateTimeOffset? until = null, string reason = "Patch the replication job (CHG-1042)") =>
        new(Account, from ?? From, until ?? Until, reason);

    private static AccessRequestState Submitted() => RequestFixtures.Submit(Requester, Valid(), Now);

    [Fact]
    public void A_valid_submission_is_pending_with_the_requesters_window_and_no_decision()
    {
        var state = RequestFixtures.Submit(Requester, Valid(), Now);

        Assert.True(state.Exists);
        Assert.Equal(Account, state.AccountId);
        Assert.Equal(Requester, state.Requester);
        Assert.Equal(From, state.From);
        Assert.Equal(Until, state.Until);
        Assert.Equal(AccessRequestStatus.Pending, state.Status);
        Assert.Equal(Now, state.CreatedAt);
        Assert.Null(state.Decision);
    }

    [Fact]
    public void Submission_stores_the_window_in_utc_and_the_reason_trimmed()
    {
        var offset = TimeSpan.FromHours(9);
        var request = Valid(From.ToOffset(offset), Until.ToOffset(offset), "  needs a fix  ");

        var state = RequestFixtures.Submit(Requester, request, Now);

        Assert.Equal(TimeSpan.Zero, state.From.Offset);
        Assert.Equal(TimeSpan.Zero, state.Until.Offset);
        Assert.Equal(From, state.From);
        Assert.Equal(Until, state.Until);
        Assert.Equal("needs a fix", state.Reason);
    }

    [Fact]
    public void Submission_is_refused_when_until_is_not_after_from()
    {
        var equal = Assert.Throws<KagiException>(() => RequestFixtures.Submit(Requester, Valid(From, From), Now));
        var reversed = Assert.Throws<KagiException>(() => RequestFixtures.Submit(Requester, Valid(From, From.AddTicks(-1)), Now));

        Assert.Equal(ProblemCode.Invalid, equal.Code);
        Assert.Equal(ProblemCode.Invalid, reversed.Code);
    }

    [Fact]
    public void Submission_is_refused_when_the_window_has_already_closed()
    {
        var past = Assert.Throws<KagiException>(() =>
            RequestFixtures.Submit(Requester, Valid(Now.AddHours(-3), Now.AddHours(-1)), Now));
        var endingNow = Assert.Throws<KagiException>(() =>
            RequestFixtures.Submit(Requester, Valid(Now.AddHours(-3), Now), Now));

        Assert.Equal(ProblemCode.Invalid, past.Code);
        Assert.Equal(ProblemCode.Invalid, endingNow.Code);
    }

    [Fact]
    public void A_window_that_has_started_but_not_ended_is_accepted()
    {
        var state = RequestFixtures.Submit(Requester, Valid(Now.AddHours(-1), Now.AddTicks(1)), Now);

        Assert.Equal(AccessRequestStatus.Pending, AccessRequestLifecycle.StatusAt(state, Now));
    }

    [Fact]
    public void Submission_is_refused_when_the_window_is_longer_than_the_maximum()
    {
        var max = TimeSpan.FromDays(31);

        var atMax = RequestFixtures.Submit(Requester, Valid(From, From + max), Now);
        var e = Assert.Throws<KagiException>(() =>
            RequestFixtures.Submit(Requester, Valid(From, From + max + TimeSpan.FromTicks(1)), Now));

        Assert.Equal(From + max, atMax.Until);
        Assert.Equal(ProblemCode.Invalid, e.Code);
    }

    [Fact]
    public void A_custom_maximum_window_is_honoured()
    {
        var workflow = new RequestFixtures.Submitter(TimeSpan.FromHours(2));

        workflow.Submit(Requester, Valid(From, From.AddHours(2)), Now);
        var e = Assert.Throws<KagiException>(() => workflow.Submit(Requester, Valid(From, From.AddHours(3)), Now));

        Assert.Equal(ProblemCode.Invalid, e.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Submission_is_refused_without_a_reason(string reason)
    {
        var e = Assert.Throws<KagiException>(() => RequestFixtures.Submit(Requester, Valid(reason: reason), Now));

        Assert.Equal(ProblemCode.Invalid, e.Code);
    }

    [Fact]
    public void Submission_is_refused_when_the_reason_is_too_long()
    {
        var longest = new string('r', AccessRequestLifecycle.MaximumReasonLength);
        var tooLong = longest + "r";

        var accepted = RequestFixtures.Submit(Requester, Valid(reason: longest), Now);
        var e = Assert.Throws<KagiException>(() => RequestFixtures.Submit(Requester, Valid(reason: tooLong), Now));

        Assert.Equal(longest, accepted.Reason);
        Assert.Equal(ProblemCode.Invalid, e.Code);
    }

    [Fact]
    public void An_approver_can_approve_a_pending_request_and_the_decision_is_recorded()
    {
        var decidedAt = Now.AddMinutes(5);

        var state = RequestFixtures.Approve(Submitted(), Approver, "ok", decidedAt);

        Assert.Equal(AccessRequestStatus.Approved, state.Status);
        Assert.Equal(new DecisionInfo(Approver, decidedAt, true, "ok"), state.Decision);
        Assert.Equal(AccessRequestStatus.Approved, AccessRequestLifecycle.StatusAt(state, decidedAt));
    }

    [Fact]
    public void An_approver_can_reject_a_pending_request_and_the_reason_is_recorded()
    {
        var decidedAt = Now.AddMinutes(5);

        var state = RequestFixtures.Reject(Submitted(), Approver, "not during the freeze", decidedAt);

        Assert.Equal(AccessRequestStatus.Rejected, state.Status);
        Assert.Equal(new DecisionInfo(Approver, decidedAt, false, "not during the freeze"), state.Decision);
    }

    [Fact]
    public void Requester_cannot_approve_their_own_request_whatever_roles_they_hold()
    {
        // Roles are not an input: the rule depends only on who asked.
        var e = Assert.Throws<KagiException>(() => RequestFixtures.Approve(Submitted(), Requester, null, Now));

        Assert.Equal(ProblemCode.SelfApproval, e.Code);
    }

    [Fact]
    public void Requester_cannot_reject_their_own_request()
    {
        var e = Assert.Throws<KagiException>(() => RequestFixtures.Reject(Submitted(), Requester, "changed my mind", Now));

        Assert.Equal(ProblemCode.SelfApproval, e.Code);
    }

    [Fact]
    public void Self_approval_is_refused_even_after_the_request_was_decided_or_expired()
    {
        var approved = RequestFixtures.Approve(Submitted(), Approver, null, Now);

        var afterDecision = Assert.Throws<KagiException>(() => RequestFixtures.Approve(approved, Requester, null, Now));
        var afterExpiry = Assert.Throws<KagiException>(() => RequestFixtures.Approve(Submitted(), Requester, null, Until));

        Assert.Equal(ProblemCode.SelfApproval, afterDecision.Code);
        Assert.Equal(ProblemCode.SelfApproval, afterExpiry.Code);
    }

    [Fact]
    public void An_approved_request_cannot_be_decided_again()
    {
        var approved = RequestFixtures.Approve(Submitted(), Approver, null, Now);

        var again = Assert.Throws<KagiException>(() => RequestFixtures.Approve(approved, "carol", null, Now));
        var reject = Assert.Throws<KagiException>(() => RequestFixtures.Reject(approved, "carol", "no", Now));

        Assert.Equal(ProblemCode.InvalidState, again.Code);
        Assert.Equal(ProblemCode.InvalidState, reject.Code);
    }

    [Fact]
    public void A_rejected_request_cannot_be_approved_later()
    {
        var rejected = RequestFixtures.Reject(Submitted(), Approver, "no", Now);

        var e = Assert.Throws<KagiException>(() => RequestFixtures.Approve(rejected, "carol", null, Now.AddMinutes(1)));

        Assert.Equal(ProblemCode.InvalidState, e.Code);
        Assert.Equal(AccessRequestStatus.Rejected, rejected.Status);
    }

    [Fact]
    public void A_decision_after_the_window_closed_is_refused()
    {
        var atClose = Assert.Throws<KagiException>(() => RequestFixtures.Approve(Submitted(), Approver, null, Until));
        var later = Assert.Throws<KagiException>(() => RequestFixtures.Reject(Submitted(), Approver, "late", Until.AddDays(1)));

        Assert.Equal(ProblemCode.InvalidState, atClose.Code);
        Assert.Equal(ProblemCode.InvalidState, later.Code);
    }

    [Fact]
    public void A_decision_just_before_the_requested_start_is_accepted()
    {
        var state = RequestFixtures.Approve(Submitted(), Approver, null, From.AddTicks(-1));

        Assert.Equal(AccessRequestStatus.Approved, state.Status);
    }

    [Fact]
    public void A_pending_request_expires_at_its_requested_start()
    {
        var state = Submitted();

        Assert.Equal(From, AccessRequestLifecycle.DecideBy(state));
        Assert.Equal(AccessRequestStatus.Pending, AccessRequestLifecycle.StatusAt(state, From.AddTicks(-1)));
        Assert.Equal(AccessRequestStatus.Expired, AccessRequestLifecycle.StatusAt(state, From));
        Assert.Equal(AccessRequestStatus.Expired, AccessRequestLifecycle.StatusAt(state, Until.AddYears(1)));
    }

    [Fact]
    public void A_pending_request_expires_after_the_workflows_pending_timeout_when_that_comes_first()
    {
        var workflow = RequestFixtures.OneStep(TimeSpan.FromDays(2)) with { PendingTimeout = TimeSpan.FromMinutes(30) };

        var state = AccessRequestLifecycle.Submit(Requester, Valid(), WorkflowRules.DefaultId, workflow, RequestFixtures.Directory(Now), Now);

        Assert.Equal(Now.AddMinutes(30), AccessRequestLifecycle.DecideBy(state));
        Assert.Equal(AccessRequestStatus.Expired, AccessRequestLifecycle.StatusAt(state, Now.AddMinutes(30)));
    }

    [Fact]
    public void A_request_that_starts_at_once_may_wait_for_a_decision_until_its_end_or_the_timeout()
    {
        var state = RequestFixtures.Submit(Requester, Valid(Now.AddMinutes(-5), Until), Now);

        Assert.Equal(Until, AccessRequestLifecycle.DecideBy(state));
    }

    [Fact]
    public void An_approved_request_expires_at_until()
    {
        var state = RequestFixtures.Approve(Submitted(), Approver, null, Now);

        Assert.Equal(AccessRequestStatus.Approved, AccessRequestLifecycle.StatusAt(state, Until.AddTicks(-1)));
        Assert.Equal(AccessRequestStatus.Expired, AccessRequestLifecycle.StatusAt(state, Until));
    }

    [Fact]
    public void A_rejected_request_stays_rejected_after_its_window()
    {
        var state = RequestFixtures.Reject(Submitted(), Approver, "no", Now);

        Assert.Equal(AccessRequestStatus.Rejected, AccessRequestLifecycle.StatusAt(state, Until));
        Assert.Equal(AccessRequestStatus.Rejected, AccessRequestLifecycle.StatusAt(state, Until.AddYears(1)));
    }

    [Fact]
    public void Deciding_does_not_change_the_original_state()
    {
        var pending = Submitted();

        RequestFixtures.Approve(pending, Approver, null, Now);

        Assert.Equal(AccessRequestStatus.Pending, pending.Status);
        Assert.Null(pending.Decision);
    }
}
