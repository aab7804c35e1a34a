using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Kagi.Errors;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>What a workflow definition must satisfy, and which workflow governs an account.</summary>
public static partial class WorkflowRules
{
    public const string DefaultId = "default";
    public const int MaximumSteps = 10;
    public const int MaximumCustomFields = 20;
    public static readonly TimeSpan MaximumWindowCap = TimeSpan.FromDays(366);
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Accounts no workflow names: one step, any one approver.</summary>
    public static WorkflowDefinition Default { get; } = new(
        "Default: any one approver",
        new WorkflowScope([], []),
        [new ApprovalStep("approval", new ApproverSet([], [KagiRoles.Approver], []), Quorum.AnyOne)]);

    /// <summary>Returns the definition cleaned up, or throws naming the first thing wrong.</summary>
    public static WorkflowDefinition Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Require(!string.IsNullOrWhiteSpace(definition.Name) && definition.Name.Length <= 200, "name", "is required, at most 200 characters.");
        var steps = definition.Steps.IsDefault ? [] : definition.Steps;
        Require(steps.Length is >= 1 and <= MaximumSteps, "steps", $"needs 1 to {MaximumSteps} steps.");
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            Require(!string.IsNullOrWhiteSpace(step.Name), $"steps[{i}].name", "is required.");
            Require(Count(step.Approvers.Users) + Count(step.Approvers.Roles) + Count(step.Approvers.Groups) > 0, $"steps[{i}].approvers", "names no user, role or group.");
            Require(step.Quorum.Kind != QuorumKind.Count || step.Quorum.Count is >= 1 and <= 50, $"steps[{i}].quorum", "must be 'any', 'all' or a count from 1 to 50.");
        }

        Require(definition.MaximumWindow > TimeSpan.Zero && definition.MaximumWindow <= MaximumWindowCap, "maxWindow", "must be positive and at most 366 days.");
        Require(definition.PendingTimeout > TimeSpan.Zero && definition.PendingTimeout <= MaximumWindowCap, "pendingTimeout", "must be positive and at most 366 days.");
        Require(TimeZoneInfo.TryFindSystemTimeZoneById(definition.TimeZone, out _), "timeZone", "is not a known IANA time zone.");
        var fields = definition.CustomFields.IsDefault ? [] : definition.CustomFields;
        Require(fields.Length <= MaximumCustomFields, "customFields", $"at most {MaximumCustomFields}.");
        foreach (var field in fields)
        {
            Require(field.Name is not null && FieldName().IsMatch(field.Name), "customFields", $"'{field.Name}' is not a valid field name.");
            Require(field.Pattern is null || IsRegex(field.Pattern), "customFields", $"the pattern of '{field.Name}' is not a valid regular expression.");
            Require(CustomFieldTypes.All.Contains(field.Type), "customFields", $"the type of '{field.Name}' must be text, multiline, number or date.");
        }

        Require(fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() == fields.Length, "customFields", "names must be unique.");
        foreach (var rule in definition.AutoApprove.IsDefault ? [] : definition.AutoApprove)
        {
            Require(!string.IsNullOrWhiteSpace(rule.Name), "autoApprove", "every rule needs a name.");
            Require(Count(rule.RequesterGroups) > 0, "autoApprove", $"rule '{rule.Name}' names no requester group.");
            Require(rule.MaximumWindow > TimeSpan.Zero, "autoApprove", $"rule '{rule.Name}' needs a positive maxWindow.");
            Require(rule.BusinessHours is null || (rule.BusinessHours.Start < rule.BusinessHours.End && Count(rule.BusinessHours.Days) > 0),
                "autoApprove", $"the business hours of rule '{rule.Name}' need days and a start before the end.");
        }

        Require(definition.Emergency is null || definition.Emergency.ApprovalWithin > TimeSpan.Zero, "emergency.approvalWithin", "must be positive.");
        Require(definition.Report.DueAfter >= TimeSpan.Zero && definition.Report.RemindEvery >= TimeSpan.FromMinutes(1), "report", "dueAfter must not be negative and remindEvery at least a minute.");
        return definition with
        {
            Name = definition.Name.Trim(),
            Steps = steps,
            CustomFields = fields,
            AutoApprove = definition.AutoApprove.IsDefault ? [] : definition.AutoApprove,
            AppliesTo = new WorkflowScope(Clean(definition.AppliesTo?.Targets), Clean(definition.AppliesTo?.Accounts)),
        };
    }

    /// <summary>The workflow for an account: one naming the account, else one naming its target, else none.</summary>
    public static (string Id, T Workflow)? Resolve<T>(IEnumerable<(string Id, WorkflowDefinition Definition, T Value)> workflows, string accountId, string targetId)
    {
        var all = workflows.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
        foreach (var (id, definition, value) in all)
        {
            if (definition.AppliesTo.Accounts.Contains(accountId))
            {
                return (id, value);
            }
        }

        foreach (var (id, definition, value) in all)
        {
            if (definition.AppliesTo.Targets.Contains(targetId))
            {
                return (id, value);
            }
        }

        return null;
    }

    /// <summary>The workflow every account of one request falls under; accounts under different workflows are requested separately.</summary>
    public static WorkflowInfo OneFor(IReadOnlyCollection<WorkflowInfo> resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var ids = resolved.Select(w => w.Id).Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 1
            ? resolved.First()
            : throw new KagiException(ProblemCode.Invalid, $"These accounts fall under different workflows ({string.Join(", ", ids)}); request them separately.");
    }

    private static ImmutableArray<string> Clean(ImmutableArray<string>? values) =>
        values is { IsDefault: false } v ? [.. v.Where(x => !string.IsNullOrWhiteSpace(x)).Distinct(StringComparer.Ordinal)] : [];

    private static int Count<T>(ImmutableArray<T> values) => values.IsDefault ? 0 : values.Length;

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, PatternTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new KagiException(ProblemCode.Invalid, $"Workflow '{field}' {message}");
        }
    }

    // Custom field names are labels matched against the request's fields, not keys of anything
    // stored, so they keep their case; the shape still ends at \z.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._@-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();
}
