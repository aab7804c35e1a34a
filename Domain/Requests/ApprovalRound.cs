using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>
/// One round of approval through every step of a workflow, with separation of duties: the
/// requester never approves (not even as someone's delegate), nobody counts for two steps of one
/// round, and a step passes once its quorum of distinct people has approved.
/// </summary>
public static class ApprovalRound
{
    /// <summary>The first step of <paramref name="round"/> that has not passed; null when all have.</summary>
    public static int? CurrentStep(AccessRequestState state, ApproverDirectory directory, int round)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (var i = 0; i < state.Workflow.Steps.Length; i++)
        {
            if (Approvals(state, round, i).Count < Required(state, directory, round, i))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Approvals a step needs: any → 1, N of M → N, all → every eligible member.</summary>
    public static int Required(AccessRequestState state, ApproverDirectory directory, int round, int step)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        var quorum = state.Workflow.Steps[step].Quorum;
        return quorum.Kind switch
        {
            QuorumKind.Any => 1,
            QuorumKind.Count => quorum.Count,
            _ => Math.Max(1, Eligible(state, directory, round, step).Union(Approvals(state, round, step)).Count()),
        };
    }

    /// <summary>Members of a step's set who could still count for it: not the requester, not used by another step.</summary>
    public static ImmutableArray<string> Eligible(AccessRequestState state, ApproverDirectory directory, int round, int step)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var used = UsedElsewhere(state, round, step);
        return [.. directory.Members(state.Workflow.Steps[step].Approvers).Where(m => m != state.Requester && !used.Contains(m))];
    }

    /// <summary>Checks, at submission, that every step can reach its quorum without the requester.</summary>
    public static void EnsureReachable(AccessRequestState state, ApproverDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        if (FirstUnreachable(state.Workflow, state.Requester, directory) is { } step)
        {
            var members = directory.Members(step.Approvers).Count(m => m != state.Requester);
            throw new KagiException(ProblemCode.Invalid,
                $"Step '{step.Name}' cannot reach its quorum ({step.Quorum}): it has {members} eligible approver(s) besides the requester.");
        }
    }

    /// <summary>Whether a request of <paramref name="requester"/> under <paramref name="workflow"/> would pass the check at submission.</summary>
    public static bool Reachable(WorkflowDefinition workflow, string requester, ApproverDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(directory);
        return FirstUnreachable(workflow, requester, directory) is null;
    }

    private static ApprovalStep? FirstUnreachable(WorkflowDefinition workflow, string requester, ApproverDirectory directory) =>
        workflow.Steps.FirstOrDefault(step =>
            directory.Members(step.Approvers).Count(m => m != requester) < (step.Quorum.Kind == QuorumKind.Count ? step.Quorum.Count : 1));

    /// <summary>Records <paramref name="caller"/>'s decision on the current step of <paramref name="round"/>.</summary>
    public static (AccessRequestState State, DecisionInfo Decision, bool RoundPassed) Decide(
        AccessRequestState state, ApproverDirectory directory, int round, string caller, bool approve, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        if (caller == state.Requester)
        {
            throw new KagiException(ProblemCode.SelfApproval, "A requester cannot decide their own request.");
        }

        var step = CurrentStep(state, directory, round)
            ?? throw new KagiException(ProblemCode.InvalidState, "Every step of this request is already approved.");
        var set = state.Workflow.Steps[step].Approvers;
        var candidates = directory.PrincipalsFor(set, caller);
        if (candidates.IsEmpty)
        {
            throw new KagiException(ProblemCode.Forbidden, $"You are not an approver for step '{state.Workflow.Steps[step].Name}', and nobody who is has delegated to you.");
        }

        if (candidates.All(p => p == state.Requester))
        {
            throw new KagiException(ProblemCode.SelfApproval, "A delegate cannot decide the request of the person who delegated to them.");
        }

        var used = UsedElsewhere(state, round, step);
        if (used.Contains(caller))
        {
            throw new KagiException(ProblemCode.SelfApproval, "Nobody decides two steps of the same request.");
        }

        // One person decides a step once, whether for themself or for someone who delegated to them.
        var decidedHere = state.AllDecisions.Where(d => d.Round == round && d.Step == step).ToList();
        if (decidedHere.Any(d => d.DecidedBy == caller || d.Principal == caller))
        {
            throw new KagiException(ProblemCode.InvalidState, "You have already decided this step.");
        }

        var principal = candidates.FirstOrDefault(p => p != state.Requester && !used.Contains(p) && decidedHere.All(d => d.Principal != p))
            ?? throw new KagiException(ProblemCode.InvalidState, "Everyone you could approve for has already decided this step or another one.");

        var decision = new DecisionInfo(caller, now, approve, comment)
        {
            OnBehalfOf = principal == caller ? null : principal,
            Step = step,
            Round = round,
        };
        var next = state with { Decisions = state.AllDecisions.Add(decision), Decision = decision };
        return (next, decision, approve && CurrentStep(next, directory, round) is null);
    }

    public static RoundProgress Progress(AccessRequestState state, ApproverDirectory directory, int round)
    {
        ArgumentNullException.ThrowIfNull(state);
        var steps = state.Workflow.Steps.Select((step, i) =>
        {
            var approvals = Approvals(state, round, i).Count;
            var required = Required(state, directory, round, i);
            return new StepProgress(step.Name, step.Quorum.ToString(), approvals, required, approvals >= required);
        });
        return new RoundProgress(round, [.. steps]);
    }

    /// <summary>People who decided another step of the round, as deciders or principals.</summary>
    public static ImmutableHashSet<string> UsedElsewhere(AccessRequestState state, int round, int step)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.AllDecisions
            .Where(d => d.Round == round && d.Step != step)
            .SelectMany(d => new[] { d.DecidedBy, d.Principal })
            .ToImmutableHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> Approvals(AccessRequestState state, int round, int step) =>
        state.AllDecisions.Where(d => d.Round == round && d.Step == step && d.Approved).Select(d => d.Principal).ToHashSet(StringComparer.Ordinal);
}
