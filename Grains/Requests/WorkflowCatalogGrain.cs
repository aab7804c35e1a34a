using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Requests.Workflows;

namespace Kagi.Requests;

[GenerateSerializer, Alias("kagi.state.WorkflowCatalog")]
public sealed record WorkflowCatalogState
{
    [Id(0)] public ImmutableSortedDictionary<string, WorkflowInfo> Workflows { get; init; } = ImmutableSortedDictionary.Create<string, WorkflowInfo>(StringComparer.Ordinal);

    /// <summary>Key: <c>{owner}/{presetId}</c>.</summary>
    [Id(1)] public ImmutableSortedDictionary<string, RequestPreset> Presets { get; init; } = ImmutableSortedDictionary.Create<string, RequestPreset>(StringComparer.Ordinal);
}

public sealed class WorkflowCatalogGrain(
    [PersistentState("workflows", KagiStorage.GrainState)] IPersistentState<WorkflowCatalogState> state,
    TimeProvider time) : Grain, IWorkflowCatalogGrain
{
    public const int MaximumWorkflows = 200;
    public const int MaximumPresetsPerUser = 50;

    private string TenantId => this.GetPrimaryKeyString();

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

    public async Task<RequestPreset> PutPresetAsync(Caller caller, RequestPreset preset)
    {
        TenantGuard.Ensure(caller, TenantId);
        ArgumentNullException.ThrowIfNull(preset);
        var owned = RequestPresets.Validate(preset with { Owner = caller.Username });
        var key = Key(caller.Username, owned.Id);
        if (!state.State.Presets.ContainsKey(key) && state.State.Presets.Keys.Count(k => k.StartsWith(caller.Username + "/", StringComparison.Ordinal)) >= MaximumPresetsPerUser)
        {
            throw new KagiException(ProblemCode.Invalid, $"A user keeps at most {MaximumPresetsPerUser} presets.");
        }

        state.State = state.State with { Presets = state.State.Presets.SetItem(key, owned) };
        await state.WriteStateAsync();
        return owned;
    }

    public Task<ImmutableArray<RequestPreset>> ListPresetsAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(state.State.Presets.Where(p => p.Value.Owner == caller.Username).Select(p => p.Value).ToImmutableArray());
    }

    public Task<RequestPreset> GetPresetAsync(Caller caller, string presetId)
    {
        TenantGuard.Ensure(caller, TenantId);
        return state.State.Presets.TryGetValue(Key(caller.Username, presetId), out var preset)
            ? Task.FromResult(preset)
            : throw new KagiException(ProblemCode.NotFound, $"Preset '{presetId}' was not found.");
    }

    private static WorkflowInfo DefaultInfo { get; } = new(WorkflowRules.DefaultId, WorkflowRules.Default, DateTimeOffset.UnixEpoch, Caller.SystemName);

    private static string Key(string owner, string presetId) => owner + "/" + presetId;
}
