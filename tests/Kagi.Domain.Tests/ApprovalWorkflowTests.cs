using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>Multi-step approval, quorums, separation of duties, delegation and auto-approval, without Orleans.</summary>
public sealed class ApprovalWorkflowTests
{
    // A Tuesday, 10:00 UTC.
    private static readonly DateTimeOffset Now = new(2030, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private static ApprovalStep Step(string name, QuorumKind kind = QuorumKind.Any, int count = 1, string[]? users = null, string[]? roles = null, string[]? groups = null) =>
        new(name, new ApproverSet([.. users ?? []], [.. roles ?? []], [.. groups ?? []]), new Quorum(kind, count));

    private static WorkflowDefinition Flow(params ApprovalStep[] steps) =>
        WorkflowRules.Validate(new WorkflowDefinition("test", new WorkflowScope([], []), [.. steps]) { PendingTimeout = TimeSpan.FromDays(2) });

    private static NewAccessRequest Ask(string account = "db", double hours = 2, double startInHours = 1) =>
        new(account, Now.AddHours(startInHours), Now.AddHours(startInHours + hours), "apply the vendor patch");

    private static AccessRequestState Submit(WorkflowDefinition flow, string requester = "alice", NewAccessRequest? request = null, params Kagi.Identity.DirectoryEntry[] people) =>
        AccessRequestLifecycle.Submit(requester, request ?? Ask(), "wf", flow, Directory(Now, people), Now);

    private static (AccessRequestState State, RoundOutcome Outcome) Decide(AccessRequestState state, string who, bool approve = true, params Kagi.Identity.DirectoryEntry[] people) =>
        AccessRequestLifecycle.Decide(state, Directory(Now, people), who, approve, approve ? null : "no", Now);

    [Fact]
    public void A_two_step_request_is_approved_only_when_both_steps_pass_and_nobody_approves_both()
    {
        var flow = Flow(Step("dba lead", groups: ["dba"]), Step("security", groups: ["security"]));
        var state = Submit(flow);

        var (afterFirst, first) = Decide(state, "carol");
        Assert.Equal(RoundOutcome.StepRecorded, first);
        Assert.Equal(AccessRequestStatus.Pending, afterFirst.Status);
        Assert.Equal(1, ApprovalRound.CurrentStep(afterFirst, Directory(Now), 0));

        // carol is in "security" too, but she decided step one.
        var twice = Assert.Throws<KagiException>(() => Decide(afterFirst, "carol"));
        Assert.Equal(ProblemCode.SelfApproval, twice.Code);

        var (approved, outcome) = Decide(afterFirst, "dave");
        Assert.Equal(RoundOutcome.Approved, outcome);
        Assert.Equal(AccessRequestStatus.Approved, approved.Status);
        Assert.Equal(Now, approved.ApprovedAt);
        Assert.Equal([0, 1], approved.AllDecisions.Select(d => d.Step));
    }

    [Fact]
    public void Someone_outside_the_current_steps_set_is_refused()
    {
        var state = Submit(Flow(Step("dba lead", groups: ["dba"]), Step("security", groups: ["security"])));

        var e = Assert.Throws<KagiException>(() => Decide(state, "bob"));

        Assert.Equal(ProblemCode.Forbidden, e.Code);
    }

    [Fact]
    public void An_n_of_m_quorum_needs_n_distinct_approvers()
    {
        var state = Submit(Flow(Step("two approvers", QuorumKind.Count, 2, roles: [KagiRoles.Approver])));

        var (one, first) = Decide(state, "bob");
        Assert.Equal(RoundOutcome.StepRecorded, first);
        var again = Assert.Throws<KagiException>(() => Decide(one, "bob"));
        Assert.Equal(ProblemCode.InvalidState, again.Code);
        var progress = ApprovalRound.Progress(one, Directory(Now), 0).Steps[0];
        Assert.Equal((1, 2, false), (progress.Approvals, progress.Required, progress.Passed));

        var (two, second) = Decide(one, "carol");
        Assert.Equal(RoundOutcome.Approved, second);
        Assert.Equal(AccessRequestStatus.Approved, two.Status);
    }

    [Fact]
    public void An_all_quorum_needs_every_eligible_member_but_never_the_requester()
    {
        var flow = Flow(Step("security", QuorumKind.All, groups: ["security"]));
        var byAlice = Submit(flow);
        Assert.Equal(2, ApprovalRound.Required(byAlice, Directory(Now), 0, 0));
        var (half, _) = Decide(byAlice, "carol");
        Assert.Equal(AccessRequestStatus.Pending, half.Status);
        Assert.Equal(AccessRequestStatus.Approved, Decide(half, "dave").State.Status);

        // dave asks himself: only carol remains to approve.
        var byDave = Submit(flow, "dave");
        Assert.Equal(1, ApprovalRound.Required(byDave, Directory(Now), 0, 0));
        Assert.Equal(AccessRequestStatus.Approved, Decide(byDave, "carol").State.Status);
    }

    [Fact]
    public void A_quorum_that_cannot_be_reached_without_the_requester_is_refused_at_submission()
    {
        var flow = Flow(Step("security pair", QuorumKind.Count, 2, groups: ["security"]));

        Assert.Equal(AccessRequestStatus.Pending, Submit(flow, "alice").Status);
        var e = Assert.Throws<KagiException>(() => Submit(flow, "dave"));

        Assert.Equal(ProblemCode.Invalid, e.Code);
        Assert.Contains("security pair", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejection_at_any_step_rejects_the_request()
    {
        var state = Submit(Flow(Step("dba lead", groups: ["dba"]), Step("security", groups: ["security"])));
        var (afterFirst, _) = Decide(state, "carol");

        var (rejected, outcome) = Decide(afterFirst, "dave", approve: false);

        Assert.Equal(RoundOutcome.Rejected, outcome);
        Assert.Equal(AccessRequestStatus.Rejected, rejected.Status);
        Assert.Throws<KagiException>(() => Decide(rejected, "bob"));
    }

    [Fact]
    public void A_delegate_decides_in_the_approvers_name_while_the_delegation_runs_and_both_are_recorded()
    {
        var bobAway = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("erin", Now.AddHours(-1), Now.AddDays(1)) };
        var state = Submit(Flow(Step("approver", users: ["bob"])), people: bobAway);

        var (approved, outcome) = Decide(state, "erin", people: bobAway);

        Assert.Equal(RoundOutcome.Approved, outcome);
        Assert.Equal(("erin", "bob"), (approved.Decision!.DecidedBy, approved.Decision.OnBehalfOf));
        Assert.Equal("bob", approved.Decision.Principal);
    }

    [Fact]
    public void A_delegation_that_has_ended_or_not_begun_gives_nothing()
    {
        var ended = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("erin", Now.AddDays(-2), Now.AddDays(-1)) };
        var future = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("erin", Now.AddDays(1), Now.AddDays(2)) };
        var state = Submit(Flow(Step("approver", users: ["bob"])), people: ended);

        Assert.Equal(ProblemCode.Forbidden, Assert.Throws<KagiException>(() => Decide(state, "erin", people: ended)).Code);
        Assert.Equal(ProblemCode.Forbidden, Assert.Throws<KagiException>(() => Decide(state, "erin", people: future)).Code);
    }

    [Fact]
    public void A_requester_who_is_an_approvers_delegate_still_cannot_approve_their_own_request()
    {
        var bobAway = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("alice", Now.AddHours(-1), Now.AddDays(1)) };
        var state = Submit(Flow(Step("approver", users: ["bob", "carol"])), people: bobAway);

        Assert.Equal(ProblemCode.SelfApproval, Assert.Throws<KagiException>(() => Decide(state, "alice", people: bobAway)).Code);
    }

    [Fact]
    public void A_delegate_and_their_principal_do_not_both_count_and_neither_decides_two_steps()
    {
        var bobAway = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("carol", Now.AddHours(-1), Now.AddDays(1)) };
        var flow = Flow(Step("first", users: ["bob"]), Step("second", users: ["bob", "carol", "dave"]));
        var state = Submit(flow, people: bobAway);

        // carol approves step one as bob's delegate; neither carol nor bob may approve step two.
        var (afterFirst, _) = Decide(state, "carol", people: bobAway);
        Assert.Equal("bob", afterFirst.Decision!.OnBehalfOf);
        Assert.Equal(ProblemCode.SelfApproval, Assert.Throws<KagiException>(() => Decide(afterFirst, "carol", people: bobAway)).Code);
        Assert.Equal(ProblemCode.SelfApproval, Assert.Throws<KagiException>(() => Decide(afterFirst, "bob", people: bobAway)).Code);
        Assert.Equal(AccessRequestStatus.Approved, Decide(afterFirst, "dave", people: bobAway).State.Status);
    }

    [Fact]
    public void An_auto_approval_rule_approves_short_business_hours_requests_of_its_group_and_says_so()
    {
        var rule = new AutoApprovalRule("dba quick fixes", ["dba"], TimeSpan.FromHours(1),
            new BusinessHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(9, 0), new TimeOnly(18, 0)));
        var flow = Flow(Step("approver", roles: [KagiRoles.Approver])) with { AutoApprove = [rule] };

        var auto = Submit(flow, "alice", Ask(hours: 1));
        Assert.Equal(AccessRequestStatus.Approved, auto.Status);
        Assert.Equal("dba quick fixes", auto.AutoApprovedBy);
        Assert.Empty(auto.AllDecisions);

        Assert.Equal(AccessRequestStatus.Pending, Submit(flow, "alice", Ask(hours: 2)).Status);
        Assert.Equal(AccessRequestStatus.Pending, Submit(flow, "erin", Ask(hours: 1)).Status);
        Assert.Equal(AccessRequestStatus.Pending, Submit(flow, "alice", Ask(hours: 1, startInHours: 9)).Status);
        Assert.Equal(AccessRequestStatus.Pending, Submit(flow, "alice", Ask(hours: 1, startInHours: 96)).Status);
    }

    [Fact]
    public void Business_hours_are_read_in_the_workflows_time_zone()
    {
        var hours = new BusinessHours([DayOfWeek.Tuesday], new TimeOnly(9, 0), new TimeOnly(18, 0));
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        // 10:00 UTC is 19:00 in Tokyo: after hours there.
        Assert.False(AutoApproval.InsideHours(hours, new RequestItem("db", Now, Now.AddMinutes(30)), tokyo));
        Assert.True(AutoApproval.InsideHours(hours, new RequestItem("db", Now.AddHours(-8), Now.AddHours(-7)), tokyo));
    }

    [Fact]
    public void Required_and_custom_fields_of_the_workflow_are_enforced()
    {
        var flow = Flow(Step("approver", roles: [KagiRoles.Approver])) with
        {
            Require = new RequiredRequestFields(true, WorkContent: true, TicketReference: true),
            CustomFields = [new CustomFieldSpec("change", Required: true, Pattern: "^CHG-[0-9]+$")],
        };
        var complete = Ask() with { WorkContent = "run the migration", TicketReference = "OPS-7", CustomFields = new Dictionary<string, string> { ["change"] = "CHG-42" }.ToImmutableDictionary() };

        Assert.Equal("CHG-42", Submit(flow, request: complete).CustomFields["change"]);
        Assert.Contains("workContent", Assert.Throws<KagiException>(() => Submit(flow, request: complete with { WorkContent = null })).Message, StringComparison.Ordinal);
        Assert.Contains("ticketReference", Assert.Throws<KagiException>(() => Submit(flow, request: complete with { TicketReference = " " })).Message, StringComparison.Ordinal);
        Assert.Contains("CHG-", Assert.Throws<KagiException>(() =>
            Submit(flow, request: complete with { CustomFields = new Dictionary<string, string> { ["change"] = "42" }.ToImmutableDictionary() })).Message, StringComparison.Ordinal);
        Assert.Contains("not defined", Assert.Throws<KagiException>(() =>
            Submit(flow, request: complete with { CustomFields = complete.CustomFields.Add("colour", "red") })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refused_custom_field_is_named_with_its_own_problem_and_values_are_checked_by_type()
    {
        var flow = Flow(Step("approver", roles: [KagiRoles.Approver])) with
        {
            CustomFields =
            [
                new CustomFieldSpec("change", Required: true, Pattern: null),
                new CustomFieldSpec("hosts", Required: false, Pattern: null) { Type = CustomFieldTypes.Number },
                new CustomFieldSpec("window.day", Required: false, Pattern: null) { Type = CustomFieldTypes.Date },
            ],
        };
        var fields = new Dictionary<string, string> { ["hosts"] = "three", ["window.day"] = "12/24/2030" }.ToImmutableDictionary();

        var refused = Assert.Throws<KagiException>(() => Submit(flow, request: Ask() with { CustomFields = fields }));

        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["customFields.change"] = "is required.",
                ["customFields.hosts"] = "must be a number.",
                ["customFields.window.day"] = "must be a day written yyyy-MM-dd.",
            },
            refused.Fields!.ToDictionary());
        var accepted = new Dictionary<string, string> { ["change"] = "CHG-1", ["hosts"] = "3", ["window.day"] = "2030-12-24" }.ToImmutableDictionary();
        Assert.Equal("2030-12-24", Submit(flow, request: Ask() with { CustomFields = accepted }).CustomFields["window.day"]);
    }

    [Fact]
    public void A_custom_field_of_an_unknown_type_is_refused_when_the_workflow_is_saved()
    {
        Assert.Contains("type of 'x'", Assert.Throws<KagiException>(() =>
            WorkflowRules.Validate(Flow(Step("a", roles: ["approver"])) with { CustomFields = [new CustomFieldSpec("x", false, null) { Type = "colour" }] })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_covers_several_accounts_each_with_its_own_window_and_the_workflow_limit_applies_to_each()
    {
        var flow = Flow(Step("approver", roles: [KagiRoles.Approver])) with { MaximumWindow = TimeSpan.FromHours(4) };
        var request = Ask() with
        {
            Items = [new RequestItem("db", Now.AddHours(1), Now.AddHours(3)), new RequestItem("web", Now.AddHours(2), Now.AddHours(6))],
        };

        var state = Submit(flow, request: request);
        Assert.Equal((Now.AddHours(1), Now.AddHours(6)), (state.From, state.Until));
        Assert.Equal(["db", "web"], state.AllItems.Select(i => i.AccountId));

        var tooLong = request with { Items = [new RequestItem("db", Now, Now.AddHours(5))] };
        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => Submit(flow, request: tooLong)).Code);
        var twice = request with { Items = [request.Items[0], request.Items[0]] };
        Assert.Equal(ProblemCode.Invalid, Assert.Throws<KagiException>(() => Submit(flow, request: twice)).Code);
    }

    [Fact]
    public void Invalid_workflow_definitions_are_refused_with_the_field_named()
    {
        Assert.Contains("steps", Assert.Throws<KagiException>(() => Flow()).Message, StringComparison.Ordinal);
        Assert.Contains("approvers", Assert.Throws<KagiException>(() => Flow(Step("nobody"))).Message, StringComparison.Ordinal);
        Assert.Contains("quorum", Assert.Throws<KagiException>(() => Flow(Step("zero", QuorumKind.Count, 0, roles: ["approver"]))).Message, StringComparison.Ordinal);
        Assert.Contains("timeZone", Assert.Throws<KagiException>(() =>
            WorkflowRules.Validate(Flow(Step("a", roles: ["approver"])) with { TimeZone = "Mars/Olympus" })).Message, StringComparison.Ordinal);
        Assert.Contains("regular expression", Assert.Throws<KagiException>(() =>
            WorkflowRules.Validate(Flow(Step("a", roles: ["approver"])) with { CustomFields = [new CustomFieldSpec("x", false, "([")] })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_named_by_a_workflow_wins_over_a_workflow_for_its_target()
    {
        var byTarget = Flow(Step("a", roles: ["approver"])) with { AppliesTo = new WorkflowScope(["pg"], []) };
        var byAccount = Flow(Step("b", roles: ["approver"])) with { AppliesTo = new WorkflowScope([], ["db"]) };
        var all = new[] { ("by-target", byTarget, "T"), ("by-account", byAccount, "A") };

        Assert.Equal("by-account", WorkflowRules.Resolve(all, "db", "pg")!.Value.Id);
        Assert.Equal("by-target", WorkflowRules.Resolve(all, "web", "pg")!.Value.Id);
        Assert.Null(WorkflowRules.Resolve(all, "web", "ssh"));
    }
}
