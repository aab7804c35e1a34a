using System.Collections.Immutable;
using System.Xml;
using Kagi.Frontend.Features.Workflows;
using Kagi.Requests.Workflows;

namespace Kagi.Frontend.Console.Pages.Admin;

/// <summary>
/// The workflow editor's form: up to three approval steps (a step without a name is left out), one
/// auto-approval rule and the emergency switch. It becomes the API's own <see cref="WorkflowBody"/>, so
/// the workflow is checked by the same validator and rules. What the form does not show (custom fields,
/// the post-work report, business hours, further auto-approval rules) is kept as the workflow had it.
/// </summary>
public sealed class WorkflowForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Accounts { get; set; }

    public string? Targets { get; set; }

    public StepForm Step1 { get; set; } = new();

    public StepForm Step2 { get; set; } = new();

    public StepForm Step3 { get; set; } = new();

    public string MaxWindow { get; set; } = "P31D";

    public string PendingTimeout { get; set; } = "P1D";

    public bool RequirePurpose { get; set; } = true;

    public bool RequireWorkContent { get; set; }

    public bool RequireTicket { get; set; }

    public bool AutoApprove { get; set; }

    public string? AutoGroups { get; set; }

    public string AutoMaxWindow { get; set; } = "PT1H";

    public bool Emergency { get; set; }

    public string EmergencyWithin { get; set; } = "PT4H";

    public WorkflowBody ToBody(WorkflowDefinition? before)
    {
        var steps = new[] { Step1, Step2, Step3 }.Where(step => !string.IsNullOrWhiteSpace(step.Name)).Select(step => step.ToBody()).ToImmutableArray();
        var kept = before?.AutoApprove ?? [];
        var autoApprove = kept.Skip(1).Select(ToBody);
        if (AutoApprove)
        {
            var first = kept.FirstOrDefault();
            autoApprove = autoApprove.Prepend(new AutoApproveBody(first?.Name ?? "auto", AdminInput.Names(AutoGroups), AutoMaxWindow.Trim(), first?.BusinessHours is { } hours ? ToBody(hours) : null));
        }

        return new WorkflowBody(
            Name: Name?.Trim() ?? "",
            AppliesTo: new ScopeBody(AdminInput.Names(Targets), AdminInput.Names(Accounts)),
            Steps: steps,
            MaxWindow: MaxWindow.Trim(),
            Require: new RequireBody(RequirePurpose, RequireWorkContent, RequireTicket),
            CustomFields: before is null ? null : [.. before.CustomFields.Select(field => new CustomFieldBody(field.Name, field.Required, field.Pattern, field.Type))],
            AutoApprove: [.. autoApprove],
            Emergency: Emergency ? new EmergencyBody(true, EmergencyWithin.Trim()) : null,
            PendingTimeout: PendingTimeout.Trim(),
            Report: before?.Report is { Required: true } report ? new ReportBody(true, Iso(report.DueAfter), Iso(report.RemindEvery)) : null,
            TimeZone: before?.TimeZone ?? "UTC");
    }

    public static WorkflowForm From(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var steps = definition.Steps.Select(StepForm.From).Concat(Enumerable.Range(0, 3).Select(_ => new StepForm())).Take(3).ToArray();
        var auto = definition.AutoApprove.FirstOrDefault();
        return new WorkflowForm
        {
            Name = definition.Name,
            Accounts = AdminInput.Join(definition.AppliesTo.Accounts),
            Targets = AdminInput.Join(definition.AppliesTo.Targets),
            Step1 = steps[0], Step2 = steps[1], Step3 = steps[2],
            MaxWindow = Iso(definition.MaximumWindow),
            PendingTimeout = Iso(definition.PendingTimeout),
            RequirePurpose = definition.Require.Purpose,
            RequireWorkContent = definition.Require.WorkContent,
            RequireTicket = definition.Require.TicketReference,
            AutoApprove = auto is not null,
            AutoGroups = auto is null ? null : AdminInput.Join(auto.RequesterGroups),
            AutoMaxWindow = auto is null ? "PT1H" : Iso(auto.MaximumWindow),
            Emergency = definition.Emergency is not null,
            EmergencyWithin = definition.Emergency is { } emergency ? Iso(emergency.ApprovalWithin) : "PT4H",
        };
    }

    private static string Iso(TimeSpan duration) => XmlConvert.ToString(duration);

    private static AutoApproveBody ToBody(AutoApprovalRule rule) =>
        new(rule.Name, rule.RequesterGroups, Iso(rule.MaximumWindow), rule.BusinessHours is { } hours ? ToBody(hours) : null);

    private static BusinessHoursBody ToBody(BusinessHours hours) =>
        new([.. hours.Days.Select(day => day.ToString()[..3])], hours.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), hours.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

    public sealed class StepForm
    {
        public string? Name { get; set; }

        public string? Users { get; set; }

        public string? Roles { get; set; }

        public string? Groups { get; set; }

        public string? Quorum { get; set; } = "any";

        public StepBody ToBody() => new(Name!.Trim(), new ApproversBody(AdminInput.Names(Users), AdminInput.Names(Roles), AdminInput.Names(Groups)), AdminInput.Blank(Quorum) ?? "any");

        public static StepForm From(ApprovalStep step) => new()
        {
            Name = step.Name,
            Users = AdminInput.Join(step.Approvers.Users),
            Roles = AdminInput.Join(step.Approvers.Roles),
            Groups = AdminInput.Join(step.Approvers.Groups),
            Quorum = step.Quorum.Kind switch { QuorumKind.All => "all", QuorumKind.Count => step.Quorum.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => "any" },
        };
    }
}
