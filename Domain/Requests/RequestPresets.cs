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
        Require(!preset.AccountIds.IsDefaultOrEmpty && preset.AccountIds.Length <= AccessRequestLifecycle.MaximumItems && preset.AccountIds.All(Identifiers.IsValid),
            $"A preset names 1 to {AccessRequestLifecycle.MaximumItems} valid account ids.");
        Require(preset.Duration > TimeSpan.Zero && preset.Duration <= WorkflowRules.MaximumWindowCap, "'duration' must be positive and at most 366 days.");
        Require(!string.IsNullOrWhiteSpace(preset.Purpose) && preset.Purpose.Length <= AccessRequestLifecycle.MaximumReasonLength, "'purpose' is required.");
        return preset;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new KagiException(ProblemCode.Invalid, message);
        }
    }
}
