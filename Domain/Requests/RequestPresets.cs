using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>What a saved preset must hold, and how a request is filled from one.</summary>
public static class RequestPresets
{
    public const int MaximumFieldNameLength = 64;

    public static RequestPreset Validate(RequestPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        Require(Identifiers.IsValid(preset.Id), "'id' is not a valid identifier.");
        Require(!preset.AccountIds.IsDefaultOrEmpty && preset.AccountIds.Length <= AccessRequestLifecycle.MaximumItems && preset.AccountIds.All(Identifiers.IsValid),
            $"A preset names 1 to {AccessRequestLifecycle.MaximumItems} valid account ids.");
        Require(preset.Duration > TimeSpan.Zero && preset.Duration <= WorkflowRules.MaximumWindowCap, "'duration' must be positive and at most 366 days.");
        Require(!string.IsNullOrWhiteSpace(preset.Purpose) && preset.Purpose.Length <= AccessRequestLifecycle.MaximumReasonLength, "'purpose' is required.");
        // A preset is one table row: its texts are bounded as a request's are.
        Require(preset.WorkContent is null || preset.WorkContent.Length <= RequestLimits.MaximumTextLength, $"'workContent' is at most {RequestLimits.MaximumTextLength} characters.");
        Require(preset.TicketReference is null || preset.TicketReference.Length <= RequestLimits.MaximumTicketLength, $"'ticketReference' is at most {RequestLimits.MaximumTicketLength} characters.");
        var fields = preset.CustomFields ?? ImmutableDictionary<string, string>.Empty;
        Require(fields.Count <= WorkflowRules.MaximumCustomFields, $"A preset holds at most {WorkflowRules.MaximumCustomFields} custom fields.");
        Require(fields.All(f => f.Key.Length is > 0 and <= MaximumFieldNameLength && f.Value is not null && f.Value.Length <= RequestLimits.MaximumTextLength),
            $"Custom field names are 1 to {MaximumFieldNameLength} characters, values at most {RequestLimits.MaximumTextLength}.");
        return preset with { CustomFields = fields };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new KagiException(ProblemCode.Invalid, message);
        }
    }
}
