using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Kagi.Errors;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>
/// The values a request gives for its workflow's custom fields. Every field is checked before refusing, and each
/// refusal names its field as <c>customFields.&lt;name&gt;</c>, so a form can show all of them beside their inputs at once.
/// </summary>
public static class CustomFieldValues
{
    public static ImmutableDictionary<string, string> Check(WorkflowDefinition workflow, ImmutableDictionary<string, string>? given, int maximumLength)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var values = given ?? ImmutableDictionary<string, string>.Empty;
        var problems = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in values.Keys.Where(k => !workflow.CustomFields.Any(f => f.Name == k)))
        {
            problems[CustomFieldSpec.ProblemPrefix + name] = "is not defined by this workflow.";
        }

        foreach (var field in workflow.CustomFields)
        {
            if (Problem(field, values.GetValueOrDefault(field.Name), maximumLength) is { } problem)
            {
                problems[CustomFieldSpec.ProblemPrefix + field.Name] = problem;
            }
        }

        if (problems.Count > 0)
        {
            var message = string.Join(" ", problems.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"Custom field '{p.Key[CustomFieldSpec.ProblemPrefix.Length..]}' {p.Value}"));
            throw new KagiException(ProblemCode.Invalid, message, problems.ToImmutable());
        }

        return values;
    }

    private static string? Problem(CustomFieldSpec field, string? value, int maximumLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return field.Required ? "is required." : null;
        }

        if (value.Length > maximumLength)
        {
            return "is too long.";
        }

        if (field.Type == CustomFieldTypes.Number && !decimal.TryParse(value, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _))
        {
            return "must be a number.";
        }

        if (field.Type == CustomFieldTypes.Date && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return "must be a day written yyyy-MM-dd.";
        }

        return field.Pattern is not null && !Matches(value, field.Pattern) ? $"must match {field.Pattern}." : null;
    }

    private static bool Matches(string value, string pattern)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.None, WorkflowRules.PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
