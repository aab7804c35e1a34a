using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>What a saved preset must hold, and how a request is filled from one.</summary>
public static class RequestPresets
{
    public static RequestPreset Validate(RequestPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        Require(Identifiers.IsValid(preset.Id), "'id' is not a valid identifier.");
        Require(!preset.AccountIds.IsDefaultOrEmpty && preset.AccountIds.Length <= AccessRequestWorkflow.MaximumItems && preset.AccountIds.All(Identifiers.IsValid),
            $"A preset names 1 to {AccessRequestWorkflow.MaximumItems} valid account ids.");
        Require(preset.Duration > TimeSpan.Zero && preset.Duration <= WorkflowRules.MaximumWindowCap, "'duration' must be positive and at most 366 days.");
        Require(!string.IsNullOrWhiteSpace(preset.Purpose) && preset.Purpose.Length <= AccessRequestWorkflow.MaximumReasonLength, "'purpose' is required.");
        return preset;
    }

    /// <summary>A request for the preset's accounts from <paramref name="from"/> for its duration; fields given explicitly win.</summary>
    public static NewAccessRequest ToRequest(RequestPreset preset, DateTimeOffset from, string? reason, string? workContent, string? ticketReference)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var until = from + preset.Duration;
        return new NewAccessRequest(preset.AccountIds[0], from, until, string.IsNullOrWhiteSpace(reason) ? preset.Purpose : reason)
        {
            Items = [.. preset.AccountIds.Select(a => new RequestItem(a, from, until))],
            WorkContent = workContent ?? preset.WorkContent,
            TicketReference = ticketReference ?? preset.TicketReference,
            CustomFields = preset.CustomFields,
        };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new KagiException(ProblemCode.Invalid, message);
        }
    }
}
