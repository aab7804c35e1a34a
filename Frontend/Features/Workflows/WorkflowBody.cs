using System.Collections.Immutable;
using System.Globalization;
using Kagi.Frontend.Features.Accounts;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Requests.Workflows;

namespace Kagi.Frontend.Features.Workflows;

/// <summary>
/// The JSON shape of a workflow. Durations are ISO 8601 (<c>PT8H</c>); a quorum is <c>"any"</c>,
/// <c>"all"</c> or a count such as <c>"2"</c>; business hours are <c>"09:00"</c>–<c>"18:00"</c> on
/// days such as <c>"Mon"</c>, in <c>timeZone</c> (IANA).
/// </summary>
public sealed record WorkflowBody(
    string Name,
    ScopeBody? AppliesTo = null,
    ImmutableArray<StepBody>? Steps = null,
    string MaxWindow = "P31D",
    RequireBody? Require = null,
    ImmutableArray<CustomFieldBody>? CustomFields = null,
    ImmutableArray<AutoApproveBody>? AutoApprove = null,
    EmergencyBody? Emergency = null,
    string PendingTimeout = "P1D",
    ReportBody? Report = null,
    string TimeZone = "UTC")
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    // The arrays are nullable rather than "= default": the OpenAPI document writes every parameter's default value,
    // and System.Text.Json cannot write a default struct.
    private ImmutableArray<StepBody> AllSteps => Or(Steps);

    private ImmutableArray<AutoApproveBody> AllAutoApprove => Or(AutoApprove);

    /// <summary>Checks what can be checked without the domain's rules (formats), by field.</summary>
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Required("name", Name);
        if (AllSteps.IsEmpty)
        {
            errors.Add("steps", "needs at least one step.");
        }

        for (var i = 0; i < AllSteps.Length; i++)
        {
            if (ParseQuorum(AllSteps[i].Quorum) is null)
            {
                errors.Add($"steps[{i}].quorum", "must be 'any', 'all' or a number.");
            }
        }

        Duration(errors, "maxWindow", MaxWindow);
        Duration(errors, "pendingTimeout", PendingTimeout);
        Duration(errors, "emergency.approvalWithin", Emergency?.ApprovalWithin);
        Duration(errors, "report.dueAfter", Report?.DueAfter);
        Duration(errors, "report.remindEvery", Report?.RemindEvery);
        for (var i = 0; i < AllAutoApprove.Length; i++)
        {
            var rule = AllAutoApprove[i];
            Duration(errors, $"autoApprove[{i}].maxWindow", rule.MaxWindow);
            if (rule.BusinessHours is { } hours && ParseHours(hours) is null)
            {
                errors.Add($"autoApprove[{i}].businessHours", "needs days (Mon…Sun) and from/to as HH:mm.");
            }
        }
    }

    public WorkflowDefinition ToDefinition() => new(
        Name,
        new WorkflowScope(AppliesTo?.Targets ?? [], AppliesTo?.Accounts ?? []),
        [.. AllSteps.Select(s => new ApprovalStep(s.Name, new ApproverSet(Or(s.Approvers?.Users), Or(s.Approvers?.Roles), Or(s.Approvers?.Groups)), ParseQuorum(s.Quorum)!))])
    {
        MaximumWindow = SetAccountPolicy.Duration(MaxWindow)!.Value,
        Require = Require is { } r ? new RequiredRequestFields(r.Purpose, r.WorkContent, r.TicketReference) : new RequiredRequestFields(true, false, false),
        CustomFields = [.. Or(CustomFields).Select(f => new CustomFieldSpec(f.Name, f.Required, f.Pattern) { Type = f.Type ?? CustomFieldTypes.Text })],
        AutoApprove = [.. Or(AutoApprove).Select(a => new AutoApprovalRule(a.Name, Or(a.RequesterGroups), SetAccountPolicy.Duration(a.MaxWindow)!.Value, a.BusinessHours is { } h ? ParseHours(h) : null))],
        Emergency = Emergency is { Allowed: true } e ? new EmergencyAccessPolicy(SetAccountPolicy.Duration(e.ApprovalWithin)!.Value) : null,
        PendingTimeout = SetAccountPolicy.Duration(PendingTimeout)!.Value,
        Report = Report is { } p
            ? new PostWorkReportPolicy(p.Required, SetAccountPolicy.Duration(p.DueAfter)!.Value, SetAccountPolicy.Duration(p.RemindEvery)!.Value)
            : PostWorkReportPolicy.NotRequired,
        TimeZone = TimeZone,
    };

    public static Quorum? ParseQuorum(string? text) => text switch
    {
        null or "any" => Quorum.AnyOne,
        "all" => new Quorum(QuorumKind.All, 0),
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => new Quorum(QuorumKind.Count, n),
        _ => null,
    };

    private static BusinessHours? ParseHours(BusinessHoursBody body)
    {
        var days = (body.Days ?? []).Select(d => Array.IndexOf(DayNames, d)).ToList();
        return days.Count > 0 && days.All(d => d >= 0)
            && TimeOnly.TryParseExact(body.From, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && TimeOnly.TryParseExact(body.To, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            ? new BusinessHours([.. days.Select(d => (DayOfWeek)d)], from, to)
            : null;
    }

    private static void Duration(ValidationErrors errors, string field, string? value)
    {
        if (value is not null && SetAccountPolicy.Duration(value) is null)
        {
            errors.Add(field, "must be an ISO 8601 duration such as PT8H or P1D.");
        }
    }

    private static ImmutableArray<T> Or<T>(ImmutableArray<T>? values) => values is { IsDefault: false } v ? v : [];

    private static ImmutableArray<T> Or<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;
}

public sealed record ScopeBody([property: Identifier] ImmutableArray<string>? Targets = null, [property: Identifier] ImmutableArray<string>? Accounts = null);

public sealed record StepBody(string Name, ApproversBody? Approvers = null, string? Quorum = "any");

public sealed record ApproversBody([property: Identifier] ImmutableArray<string>? Users = null, ImmutableArray<string>? Roles = null, [property: Identifier] ImmutableArray<string>? Groups = null);

public sealed record RequireBody(bool Purpose = true, bool WorkContent = false, bool TicketReference = false);

/// <summary>A custom field; <c>type</c> is text (the default), multiline, number or date.</summary>
public sealed record CustomFieldBody(string Name, bool Required = false, string? Pattern = null, string? Type = null);

public sealed record AutoApproveBody(string Name, [property: Identifier] ImmutableArray<string>? RequesterGroups = null, string MaxWindow = "PT1H", BusinessHoursBody? BusinessHours = null);

public sealed record BusinessHoursBody(ImmutableArray<string>? Days = null, string From = "09:00", string To = "18:00");

public sealed record EmergencyBody(bool Allowed = true, string ApprovalWithin = "PT4H");

public sealed record ReportBody(bool Required = true, string DueAfter = "P1D", string RemindEvery = "P1D");
