using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>
/// Seeded random walks (deterministic) over multi-step workflows, delegations, decisions,
/// extensions, revocations, check-outs and the clock. Whatever the order of calls:
/// nobody approves their own request or two steps of one round, quorums count distinct people,
/// and no check-out is granted under a request that is not approved or outside its window.
/// </summary>
public sealed class ApprovalPropertyTests
{
    private static readonly DateTimeOffset Start = new(2030, 6, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Everyone = ["alice", "erin", "bob", "carol", "dave"];

    private static readonly WorkflowDefinition[] Flows =
    [
        Flow(Step(QuorumKind.Any, 1, groups: ["dba"]), Step(QuorumKind.Any, 1, groups: ["security"])),
        Flow(Step(QuorumKind.Count, 2, roles: [KagiRoles.Approver]), Step(QuorumKind.Any, 1, users: ["bob", "carol", "dave", "erin"])),
        Flow(Step(QuorumKind.All, 0, groups: ["security"])),
        Flow(Step(QuorumKind.Any, 1, users: ["bob"]), Step(QuorumKind.Count, 2, roles: [KagiRoles.Approver]), Step(QuorumKind.Any, 1, roles: [KagiRoles.Approver])),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(2030)]
    [InlineData(99991)]
    public void No_sequence_of_calls_breaks_separation_of_duties_quorums_or_the_check_out_rule(int seed)
    {
#pragma warning disable CA5394 // Deterministic test data, not security.
        var random = new Random(seed);
        var now = Start;
        var people = People.ToDictionary(p => p.Username, StringComparer.Ordinal);
        var requests = new List<(string Id, AccessRequestState State)>();
        var leases = ImmutableArray<LeaseState>.Empty;
        var checks = 0;
        var approvals = 0;
        var delegated = 0;

        for (var step = 0; step < 3000; step++)
        {
            var directory = new ApproverDirectory(TenantDirectory.Of(people.Values), now);
            switch (random.Next(10))
            {
                case 0:
                    {
                        var requester = Pick(random, Everyone);
                        var from = now.AddMinutes(random.Next(-30, 240));
                        var until = from.AddMinutes(random.Next(10, 600));
                        var flow = Flows[random.Next(Flows.Length)];
                        var emergency = random.Next(8) == 0;
                        try
                        {
                            var ask = new NewAccessRequest("db", from, until, "work");
                            var state = emergency
                                ? AccessRequestLifecycle.SubmitEmergency(requester, ask, "wf", flow with { Emergency = new EmergencyAccessPolicy(TimeSpan.FromHours(2)) }, directory, now)
                                : AccessRequestLifecycle.Submit(requester, ask, "wf", flow, directory, now);
                            requests.Add(($"r{requests.Count}", state));
                        }
                        catch (KagiException e)
                        {
                            Assert.Equal(ProblemCode.Invalid, e.Code);
                        }

                        break;
                    }

                case 1:
                    {
                        // Someone delegates to someone else for a while, or stops.
                        var owner = Pick(random, Everyone);
                        // Mostly to people who approve nothing themselves, so the delegation is what lets them act.
                        var to = random.Next(3) > 0 ? Pick(random, ["alice", "erin"]) : Pick(random, Everyone);
                        people[owner] = people[owner] with
                        {
                            Delegation = owner == to || random.Next(3) == 0 ? null : new Delegation(to, now.AddMinutes(random.Next(-60, 60)), now.AddMinutes(random.Next(60, 600))),
                        };
                        break;
                    }

                case 2 or 3 or 4 when requests.Count > 0:
                    {
                        // Mostly the newest requests, which are still open; sometimes any.
                        var i = random.Next(4) == 0 ? random.Next(requests.Count) : requests.Count - 1 - random.Next(Math.Min(4, requests.Count));
                        var (id, before) = requests[i];
                        // Often someone's current delegate, so delegation is walked as much as direct approval.
                        var delegates = people.Values.Select(p => p.Delegation).Where(d => d is not null && d.ActiveAt(now)).Select(d => d!.To).ToArray();
                        var who = delegates.Length > 0 && random.Next(2) == 0 ? Pick(random, delegates) : Pick(random, Everyone);
                        try
                        {
                            var (after, outcome) = AccessRequestLifecycle.Decide(before, directory, who, random.Next(6) > 0, null, now);
                            var decision = after.Decision!;
                            approvals += outcome == RoundOutcome.Approved ? 1 : 0;
                            delegated += decision.OnBehalfOf is null ? 0 : 1;
                            Assert.NotEqual(before.Requester, decision.DecidedBy);
                            Assert.NotEqual(before.Requester, decision.Principal);
                            AssertRoundsAreClean(after);
                            requests[i] = (id, after);
                        }
                        catch (KagiException e)
                        {
                            Assert.Contains(e.Code, new[] { ProblemCode.SelfApproval, ProblemCode.Forbidden, ProblemCode.InvalidState });
                        }

                        break;
                    }

                case 5 when requests.Count > 0:
                    {
                        var i = random.Next(requests.Count);
                        var (id, before) = requests[i];
                        try
                        {
                            var after = random.Next(4) == 0
                                ? AccessRequestLifecycle.Revoke(before, "zoe", "stop", now)
                                : AccessRequestLifecycle.Extend(before, before.Requester, before.Until.AddMinutes(random.Next(1, 240)), "more", now);
                            requests[i] = (id, after);
                        }
                        catch (KagiException e)
                        {
                            Assert.Contains(e.Code, new[] { ProblemCode.Invalid, ProblemCode.InvalidState });
                        }

                        break;
                    }

                case 6 or 7 when requests.Count > 0:
                    {
                        var (id, state) = requests[random.Next(2) == 0 ? random.Next(requests.Count) : requests.Count - 1 - random.Next(Math.Min(4, requests.Count))];
                        var caller = random.Next(5) == 0 ? Pick(random, Everyone) : state.Requester;
                        var status = AccessRequestLifecycle.StatusAt(state, now);
                        var info = new AccessRequestInfo(id, state.AccountId, state.Requester, state.From, state.Until, state.Reason, status, state.CreatedAt, state.Decision)
                        {
                            Items = state.AllItems,
                            ApprovedAt = state.ApprovedAt,
                        };
                        try
                        {
                            var (next, lease) = CheckoutLease.Grant(leases, allowOverlap: true, "db", info, caller, now);
                            Assert.Equal(AccessRequestStatus.Approved, status);
                            Assert.Equal(state.Requester, caller);
                            Assert.True(state.AutoApprovedBy is not null || state.Emergency || AllStepsPassed(state, directory, 0),
                                "Checked out under a request whose steps have not all passed.");
                            Assert.InRange(now, AccessRequestLifecycle.AccessStart(state, state.AllItems[0])!.Value, state.Until.AddTicks(-1));
                            Assert.True(lease.Until <= state.Until);
                            leases = next;
                            checks++;
                        }
                        catch (KagiException e)
                        {
                            Assert.Contains(e.Code, new[] { ProblemCode.Forbidden, ProblemCode.NotApproved, ProblemCode.OutsideWindow });
                        }

                        break;
                    }

                default:
                    now = now.AddMinutes(random.Next(1, 60));
                    break;
            }
        }
#pragma warning restore CA5394

        Assert.True(checks > 0, "The walk never granted a check-out; it tested nothing.");
        Assert.True(approvals > 0, "No request was approved through its steps.");
        Assert.True(delegated > 0, "No decision was taken by a delegate.");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(512)]
    public void A_step_passes_exactly_when_its_quorum_of_distinct_people_has_approved(int seed)
    {
#pragma warning disable CA5394
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var quorum = random.Next(1, 4);
            var flow = Flow(Step(QuorumKind.Count, quorum, users: ["bob", "carol", "dave", "erin"]));
            var directory = Directory(Start);
            var state = AccessRequestLifecycle.Submit("alice", new NewAccessRequest("db", Start.AddHours(1), Start.AddHours(2), "w"), "wf", flow, directory, Start);
            var approvers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var who in Enumerable.Range(0, 6).Select(_ => Pick(random, ["bob", "carol", "dave", "erin"])))
            {
                if (AccessRequestLifecycle.StatusAt(state, Start) != AccessRequestStatus.Pending)
                {
                    break;
                }

                try
                {
                    state = AccessRequestLifecycle.Decide(state, directory, who, true, null, Start).State;
                    Assert.True(approvers.Add(who), $"{who} counted twice.");
                }
                catch (KagiException e)
                {
                    Assert.Equal(ProblemCode.InvalidState, e.Code);
                    Assert.Contains(who, approvers);
                }

                Assert.Equal(approvers.Count >= quorum, state.Status == AccessRequestStatus.Approved);
            }
        }
#pragma warning restore CA5394
    }

    private static void AssertRoundsAreClean(AccessRequestState state)
    {
        foreach (var round in state.AllDecisions.GroupBy(d => d.Round))
        {
            var peopleByStep = round.GroupBy(d => d.Step).Select(g => g.SelectMany(d => new[] { d.DecidedBy, d.Principal }).ToHashSet(StringComparer.Ordinal)).ToList();
            for (var a = 0; a < peopleByStep.Count; a++)
            {
                for (var b = a + 1; b < peopleByStep.Count; b++)
                {
                    Assert.Empty(peopleByStep[a].Intersect(peopleByStep[b]));
                }
            }

            foreach (var stepGroup in round.GroupBy(d => d.Step))
            {
                Assert.Equal(stepGroup.Count(), stepGroup.Select(d => d.DecidedBy).Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(stepGroup.Count(), stepGroup.Select(d => d.Principal).Distinct(StringComparer.Ordinal).Count());
            }
        }
    }

    private static bool AllStepsPassed(AccessRequestState state, ApproverDirectory directory, int round) =>
        Enumerable.Range(0, state.Workflow.Steps.Length).All(i =>
            state.AllDecisions.Where(d => d.Round == round && d.Step == i && d.Approved).Select(d => d.Principal).Distinct(StringComparer.Ordinal).Count()
            >= (state.Workflow.Steps[i].Quorum.Kind == QuorumKind.Count ? state.Workflow.Steps[i].Quorum.Count : 1));

    private static ApprovalStep Step(QuorumKind kind, int count, string[]? users = null, string[]? roles = null, string[]? groups = null) =>
        new($"{kind}-{count}", new ApproverSet([.. users ?? []], [.. roles ?? []], [.. groups ?? []]), new Quorum(kind, count));

    private static WorkflowDefinition Flow(params ApprovalStep[] steps) =>
        WorkflowRules.Validate(new WorkflowDefinition("random", new WorkflowScope([], []), [.. steps]));

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
