using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Requests.Workflows;
using Kagi.Vault;

namespace Kagi.Requests;

/// <summary>
/// The tenant's workflows: at most <see cref="WorkflowCatalogGrain.MaximumWorkflows"/>, written by admins, read
/// whole by every submission, so they stay in this state (their number does not grow with users or requests).
/// </summary>
[GenerateSerializer, Alias("kagi.state.WorkflowCatalog")]
public sealed record WorkflowCatalogState
{
    [Id(0)] public ImmutableSortedDictionary<string, WorkflowInfo> Workflows { get; init; } = ImmutableSortedDictionary.Create<string, WorkflowInfo>(StringComparer.Ordinal);

    /// <summary>Earlier versions' presets (key <c>{owner}/{presetId}</c>), moved to <see cref="PresetStore"/> on
    /// activation; stored empty since.</summary>
    [Id(1)] public ImmutableSortedDictionary<string, RequestPreset> Presets { get; init; } = ImmutableSortedDictionary.Create<string, RequestPreset>(StringComparer.Ordinal);
}

/// <summary>
/// The tenant's workflows (grain state) and the one writer of its users' presets (rows of <see cref="PresetStore"/>,
/// which grow with the users; each call reads or writes only the caller's own).
/// </summary>
public sealed class WorkflowCatalogGrain(
    [PersistentState("workflows", KagiStorage.GrainState)] IPersistentState<WorkflowCatalogState> state,
    PresetStore presets,
    TimeProvider time) : Grain, IWorkflowCatalogGrain
{
    public const int MaximumWorkflows = 200;
    public const int MaximumPresetsPerUser = 50;

    private string TenantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MigratePresetsAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<WorkflowInfo> PutAsync(Caller caller, string workflowId, WorkflowDefinition definition)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        if (!Identifiers.IsValid(workflowId) || workflowId == WorkflowRules.DefaultId)
        {
            throw new KagiException(ProblemCode.Invalid, $"'{workflowId}' cannot be a workflow id.");
        }

        if (!state.State.Workflows.ContainsKey(workflowId) && state.State.Workflows.Count >= MaximumWorkflows)
        {
            throw new KagiException(ProblemCode.Invalid, $"A tenant has at most {MaximumWorkflows} workflows.");
        }

        var info = new WorkflowInfo(workflowId, WorkflowRules.Validate(definition), time.GetUtcNow(), caller.Username);
        state.State = state.State with { Workflows = state.State.Workflows.SetItem(workflowId, info) };
        await state.WriteStateAsync();
        return info;
    }

    public async Task RemoveAsync(Caller caller, string workflowId)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);
        if (workflowId == WorkflowRules.DefaultId)
        {
            throw new KagiException(ProblemCode.InvalidState, "The built-in default workflow cannot be deleted; it governs whatever no other workflow does.");
        }

        if (!state.State.Workflows.ContainsKey(workflowId))
        {
            throw new KagiException(ProblemCode.NotFound, $"Workflow '{workflowId}' was not found.");
        }

        state.State = state.State with { Workflows = state.State.Workflows.Remove(workflowId) };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<WorkflowInfo>> ListAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(state.State.Workflows.Values.Prepend(DefaultInfo).ToImmutableArray());
    }

    public Task<WorkflowInfo> ResolveAsync(Caller caller, string accountId, string targetId)
    {
        TenantGuard.Ensure(caller, TenantId);
        var found = WorkflowRules.Resolve(state.State.Workflows.Values.Select(w => (w.Id, w.Definition, w)), accountId, targetId);
        return Task.FromResult(found?.Workflow ?? DefaultInfo);
    }

    public async Task<ImmutableArray<RequestableAccount>> FilterRequestableAsync(Caller caller, ImmutableArray<AccountSummary> accounts)
    {
        TenantGuard.Ensure(caller, TenantId);
        if (accounts.IsDefaultOrEmpty)
        {
            return [];
        }

        var directory = await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).GetDirectorySnapshotAsync(caller);
        var rules = new RequestableAccounts(state.State.Workflows.Values.Prepend(DefaultInfo), new ApproverDirectory(directory, time.GetUtcNow()), caller.Username);
        return
        [
            .. accounts.Select(account => (account, workflow: rules.For(account.Id, account.TargetId)))
                .Where(pair => pair.workflow is not null)
                .Select(pair => new RequestableAccount(pair.account.Id, pair.account.TargetId, pair.account.Username, pair.workflow!.Id, pair.workflow.Definition.Name)
                {
                    CustomFields = pair.workflow.Definition.CustomFields,
                }),
        ];
    }

    public async Task<RequestPreset> PutPresetAsync(Caller caller, RequestPreset preset)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(preset);
        var owned = RequestPresets.Validate(preset with { Owner = caller.Username });
        // One call at a time (the grain is not reentrant), so the count cannot change between the check and the write.
        var mine = await presets.ListAsync(TenantId, caller.Username);
        if (!mine.Any(p => p.Id == owned.Id) && mine.Length >= MaximumPresetsPerUser)
        {
            throw new KagiException(ProblemCode.Invalid, $"A user keeps at most {MaximumPresetsPerUser} presets.");
        }

        await presets.PutAsync(TenantId, owned);
        return owned;
    }

    public Task<ImmutableArray<RequestPreset>> ListPresetsAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        return presets.ListAsync(TenantId, caller.Username);
    }

    public async Task<RequestPreset> GetPresetAsync(Caller caller, string presetId)
    {
        TenantGuard.Ensure(caller, TenantId);
        return await presets.GetAsync(TenantId, caller.Username, presetId)
            ?? throw new KagiException(ProblemCode.NotFound, $"Preset '{presetId}' was not found.");
    }

    /// <summary>
    /// Earlier versions kept every user's presets in this state: they are written as rows, then the state is
    /// stored without them. Rows are upserts, so a crash in between only repeats the copy; a failed write
    /// fails the activation, and every call with it, rather than answer without the presets.
    /// </summary>
    private async Task MigratePresetsAsync()
    {
        if (state.State.Presets.IsEmpty)
        {
            return;
        }

        foreach (var preset in state.State.Presets.Values)
        {
            await presets.PutAsync(TenantId, preset);
        }

        state.State = state.State with { Presets = state.State.Presets.Clear() };
        await state.WriteStateAsync();
    }

    private static WorkflowInfo DefaultInfo { get; } = new(WorkflowRules.DefaultId, WorkflowRules.Default, DateTimeOffset.UnixEpoch, Caller.SystemName);
}
