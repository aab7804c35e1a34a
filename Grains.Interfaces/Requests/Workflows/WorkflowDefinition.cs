using System.Collections.Immutable;

namespace Kagi.Requests.Workflows;

/// <summary>
/// How requests for some accounts are approved: the accounts it covers, ordered steps that must
/// all pass, what a request must say, when it is approved without people, and break-glass rules.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.WorkflowDefinition")]
public sealed record WorkflowDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] WorkflowScope AppliesTo,
    [property: Id(2)] ImmutableArray<ApprovalStep> Steps)
{
    /// <summary>The longest window one request (or extension) may ask for.</summary>
    [Id(3)] public TimeSpan MaximumWindow { get; init; } = TimeSpan.FromDays(31);

    [Id(4)] public RequiredRequestFields Require { get; init; } = new(Purpose: true, WorkContent: false, TicketReference: false);

    [Id(5)] public ImmutableArray<CustomFieldSpec> CustomFields { get; init; } = [];

    [Id(6)] public ImmutableArray<AutoApprovalRule> AutoApprove { get; init; } = [];

    /// <summary>Null: no break-glass access under this workflow.</summary>
    [Id(7)] public EmergencyAccessPolicy? Emergency { get; init; }

    /// <summary>How long a request may wait for a decision before it expires (it also expires at its start).</summary>
    [Id(8)] public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromDays(1);

    [Id(9)] public PostWorkReportPolicy Report { get; init; } = PostWorkReportPolicy.NotRequired;

    /// <summary>IANA time zone for business hours in auto-approval rules.</summary>
    [Id(10)] public string TimeZone { get; init; } = "UTC";
}

/// <summary>The targets and accounts a workflow governs; an account listed by id wins over its target.</summary>
[GenerateSerializer, Immutable, Alias("kagi.WorkflowScope")]
public sealed record WorkflowScope(
    [property: Id(0)] ImmutableArray<string> Targets,
    [property: Id(1)] ImmutableArray<string> Accounts);

[GenerateSerializer, Immutable, Alias("kagi.RequiredRequestFields")]
public sealed record RequiredRequestFields(
    [property: Id(0)] bool Purpose,
    [property: Id(1)] bool WorkContent,
    [property: Id(2)] bool TicketReference);

/// <summary>A tenant-defined field on requests, e.g. a change number; <see cref="Pattern"/> is a regex the value must match.</summary>
[GenerateSerializer, Immutable, Alias("kagi.CustomFieldSpec")]
public sealed record CustomFieldSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Required,
    [property: Id(2)] string? Pattern)
{
    /// <summary>A refusal of a request's value for a field names it <c>customFields.&lt;name&gt;</c>.</summary>
    public const string ProblemPrefix = "customFields.";

    /// <summary>What the value is (one of <see cref="CustomFieldTypes"/>): how the console asks for it and how it is checked.</summary>
    [Id(3)] public string Type { get; init; } = CustomFieldTypes.Text;
}
