using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>
/// Which accounts a user may ask for: those whose governing workflow could approve a request of theirs, that is
/// every step reaches its quorum with people other than the requester (the check a submission makes). Listing
/// them spares the requester a refusal after filling in the form.
/// </summary>
public sealed class RequestableAccounts
{
    private readonly List<(string Id, WorkflowDefinition Definition, WorkflowInfo Value)> _workflows;
    private readonly WorkflowInfo _fallback;
    private readonly ApproverDirectory _directory;
    private readonly string _requester;
    private readonly Dictionary<string, bool> _reachable = new(StringComparer.Ordinal);

    /// <param name="workflows">The tenant's workflows; the built-in default among them governs what no other names.</param>
    public RequestableAccounts(IEnumerable<WorkflowInfo> workflows, ApproverDirectory directory, string requester)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var all = workflows.ToList();
        _fallback = all.Find(w => w.Id == WorkflowRules.DefaultId) ?? new WorkflowInfo(WorkflowRules.DefaultId, WorkflowRules.Default, DateTimeOffset.UnixEpoch, "kagi");
        _workflows = [.. all.Where(w => w.Id != WorkflowRules.DefaultId).Select(w => (w.Id, w.Definition, w))];
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _requester = requester;
    }

    /// <summary>The workflow a request for the account would go through, or null when it could never be approved.</summary>
    public WorkflowInfo? For(string accountId, string? targetId)
    {
        var workflow = WorkflowRules.Resolve(_workflows, accountId, targetId ?? "")?.Workflow ?? _fallback;
        if (!_reachable.TryGetValue(workflow.Id, out var reachable))
        {
            reachable = ApprovalRound.Reachable(workflow.Definition, _requester, _directory);
            _reachable[workflow.Id] = reachable;
        }

        return reachable ? workflow : null;
    }
}
