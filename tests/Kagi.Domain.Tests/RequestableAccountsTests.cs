using Kagi.Domain.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>Which accounts a requester is offered: those whose governing workflow can approve their request.</summary>
public sealed class RequestableAccountsTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private static WorkflowInfo Flow(string id, string[] targets, string[] accounts, string[] approverUsers, QuorumKind kind = QuorumKind.Any, int count = 1) =>
        new(id, WorkflowRules.Validate(new WorkflowDefinition(id, new WorkflowScope([.. targets], [.. accounts]),
            [new ApprovalStep("step", new ApproverSet([.. approverUsers], [], []), new Quorum(kind, count))])), Now, "alice");

    private static RequestableAccounts For(string requester, params WorkflowInfo[] workflows) => new(workflows, Directory(Now), requester);

    [Fact]
    public void Under_the_default_workflow_every_account_is_offered_with_the_default_named()
    {
        Assert.Equal(WorkflowRules.DefaultId, For("alice").For("db", "pg")?.Id);
    }

    [Fact]
    public void An_account_whose_only_approver_is_the_requester_is_not_offered_to_them_but_is_to_others()
    {
        var onlyDave = Flow("dave-approves", ["pg"], [], ["dave"]);

        Assert.Null(For("dave", onlyDave).For("db", "pg"));
        Assert.Equal("dave-approves", For("alice", onlyDave).For("db", "pg")?.Id);
        // Another target falls to the default, which approvers other than dave can pass.
        Assert.Equal(WorkflowRules.DefaultId, For("dave", onlyDave).For("web", "www")?.Id);
    }

    [Fact]
    public void A_workflow_naming_the_account_decides_before_the_one_naming_its_target()
    {
        var byTarget = Flow("by-target", ["pg"], [], ["bob", "carol"]);
        var byAccount = Flow("by-account", [], ["secret"], ["dave"]);

        Assert.Null(For("dave", byTarget, byAccount).For("secret", "pg"));
        Assert.Equal("by-target", For("dave", byTarget, byAccount).For("other", "pg")?.Id);
    }

    [Fact]
    public void A_quorum_larger_than_the_other_approvers_is_not_offered()
    {
        var three = Flow("three", ["pg"], [], ["bob", "carol", "dave"], QuorumKind.Count, 3);

        Assert.Equal("three", For("alice", three).For("db", "pg")?.Id);
        Assert.Null(For("dave", three).For("db", "pg"));
    }
}
