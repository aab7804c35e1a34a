namespace Kagi.Requests.Workflows;

/// <summary>An account the caller may request, and the workflow (id and name) its request would go through.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RequestableAccount")]
public sealed record RequestableAccount(
    [property: Id(0)] string Id,
    [property: Id(1)] string? TargetId,
    [property: Id(2)] string? Username,
    [property: Id(3)] string WorkflowId,
    [property: Id(4)] string WorkflowName)
{
    /// <summary>The fields the workflow asks a request for, beside the purpose.</summary>
    [Id(5)] public System.Collections.Immutable.ImmutableArray<CustomFieldSpec> CustomFields { get; init; } = [];
}
