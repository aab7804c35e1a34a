using System.Collections.Immutable;

namespace Kagi.Requests.Workflows;

/// <summary>The tenant's workflows and saved request presets. Key: the tenant id.</summary>
[Alias("kagi.IWorkflowCatalogGrain")]
public interface IWorkflowCatalogGrain : IGrainWithStringKey
{
    [Alias("Put")]
    Task<WorkflowInfo> PutAsync(Caller caller, string workflowId, WorkflowDefinition definition);

    [Alias("List")]
    Task<ImmutableArray<WorkflowInfo>> ListAsync(Caller caller);

    /// <summary>Removes a workflow (admin); accounts it governed fall back to the next match, and requests already
    /// submitted keep the version they were submitted under. The built-in default cannot be removed.</summary>
    [Alias("Remove")]
    Task RemoveAsync(Caller caller, string workflowId);

    /// <summary>The workflow governing an account on a target: by account first, then by target, else the default.</summary>
    [Alias("Resolve")]
    Task<WorkflowInfo> ResolveAsync(Caller caller, string accountId, string targetId);

    /// <summary>Those of <paramref name="accounts"/> (one page of the inventory) that the caller may request: their
    /// workflow can approve a request of the caller's without the caller, as submission checks.</summary>
    [Alias("FilterRequestable")]
    Task<ImmutableArray<RequestableAccount>> FilterRequestableAsync(Caller caller, ImmutableArray<Kagi.Vault.AccountSummary> accounts);

    [Alias("PutPreset")]
    Task<RequestPreset> PutPresetAsync(Caller caller, RequestPreset preset);

    /// <summary>The caller's own presets.</summary>
    [Alias("ListPresets")]
    Task<ImmutableArray<RequestPreset>> ListPresetsAsync(Caller caller);

    [Alias("GetPreset")]
    Task<RequestPreset> GetPresetAsync(Caller caller, string presetId);
}

[GenerateSerializer, Immutable, Alias("kagi.WorkflowInfo")]
public sealed record WorkflowInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] WorkflowDefinition Definition,
    [property: Id(2)] DateTimeOffset UpdatedAt,
    [property: Id(3)] string UpdatedBy);

/// <summary>A user's saved request: accounts, how long, and the text fields, to submit again later.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RequestPreset")]
public sealed record RequestPreset(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] ImmutableArray<string> AccountIds,
    [property: Id(3)] TimeSpan Duration,
    [property: Id(4)] string Purpose)
{
    [Id(5)] public string? WorkContent { get; init; }

    [Id(6)] public string? TicketReference { get; init; }

    [Id(7)] public ImmutableDictionary<string, string> CustomFields { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>A request for every account of the preset from <paramref name="from"/> for its duration; fields given explicitly win.</summary>
    public NewAccessRequest ToRequest(DateTimeOffset from, string? reason, string? workContent, string? ticketReference, ImmutableDictionary<string, string>? customFields)
    {
        var until = from + Duration;
        return new NewAccessRequest(AccountIds[0], from, until, string.IsNullOrWhiteSpace(reason) ? Purpose : reason)
        {
            Items = [.. AccountIds.Select(account => new RequestItem(account, from, until))],
            WorkContent = workContent ?? WorkContent,
            TicketReference = ticketReference ?? TicketReference,
            CustomFields = customFields ?? CustomFields,
        };
    }
}
