using System.Collections.Immutable;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>What the tenant's request listing shows of one request, and who could decide it next.</summary>
public static class RequestSummaries
{
    public static RequestSummary For(string id, AccessRequestState state, ApproverDirectory directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var summary = new RequestSummary(id, state.Requester, AccessRequestLifecycle.StatusAt(state, now),
            [.. state.AllItems.Select(i => i.AccountId)], state.From, state.Until, state.CreatedAt, state.Emergency)
        {
            Purpose = state.Reason,
            ReportAwaitingApproval = state.Report is { ApprovedAt: null },
            ReportStatus = ReportStatus(state, now),
            DecidedBy = [.. state.AllDecisions.Select(d => d.DecidedBy).Distinct(StringComparer.Ordinal)],
            ApprovedAt = state.ApprovedAt,
        };
        if (AccessRequestLifecycle.PhaseAt(state, now) is null || ApprovalRound.CurrentStep(state, directory, state.Round) is not { } step)
        {
            return summary;
        }

        var excluded = ApprovalRound.UsedElsewhere(state, state.Round, step)
            .Union(state.AllDecisions.Where(d => d.Round == state.Round && d.Step == step).SelectMany(d => new[] { d.DecidedBy, d.Principal }))
            .Add(state.Requester);
        return summary with { AwaitingApprovers = state.Workflow.Steps[step].Approvers, Excluded = [.. excluded.Order(StringComparer.Ordinal)] };
    }

    public static string ReportStatus(AccessRequestState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            { Report.ApprovedAt: not null } => ReportStatuses.Approved,
            { Report: not null } => ReportStatuses.Filed,
            { ReportDueAt: { } due } => now >= due ? ReportStatuses.Overdue : ReportStatuses.Due,
            _ => ReportStatuses.NotRequired,
        };
    }

    /// <summary>Whether <paramref name="username"/> could decide the waiting step, themself or as someone's delegate.</summary>
    public static bool AwaitsDecisionBy(RequestSummary summary, ApproverDirectory directory, string username)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(directory);
        if (summary.AwaitingApprovers is not { } set || summary.Excluded.Contains(username))
        {
            return false;
        }

        return directory.PrincipalsFor(set, username).Any(p => !summary.Excluded.Contains(p));
    }

    /// <summary>Everyone to tell that a step waits for them: its members and whoever they delegated to.</summary>
    public static ImmutableArray<string> NotifyForStep(AccessRequestState state, ApproverDirectory directory, int step)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        var members = directory.Members(state.Workflow.Steps[step].Approvers);
        var delegates = members.Select(directory.DelegateOf).OfType<string>();
        return [.. members.Concat(delegates).Where(u => u != state.Requester).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
