using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Kagi.Requests.Workflows;

namespace Kagi.Frontend.Console.Pages;

/// <summary>
/// The new request form as posted. Times are the wall-clock text of the reader's zone (read with
/// <see cref="ZonedInput"/>). Custom fields are a list, each posted as <c>Form.Custom[i].Name</c> and
/// <c>Form.Custom[i].Value</c>: the index follows the workflow's own field order and the name travels with the
/// value, so the binder never has to turn a field name (which may hold dots) into a form key.
/// </summary>
public sealed class NewRequestForm
{
    private List<CustomFieldInput> _custom = [];

    public string? AccountId { get; set; }

    public string? From { get; set; }

    public string? Until { get; set; }

    public string? Reason { get; set; }

    public string? WorkContent { get; set; }

    public string? TicketReference { get; set; }

    /// <summary>
    /// The custom fields posted. A form that posts none (a workflow without fields, or a form first opened without an
    /// account) is bound as null, not as the empty list this starts with, so null is read as "none" here, once.
    /// </summary>
    [AllowNull]
    public List<CustomFieldInput> Custom
    {
        get => _custom;
        set => _custom = value ?? [];
    }

    /// <summary>"preset" when the reader saves the form as a preset instead of sending it.</summary>
    public string? Action { get; set; }

    /// <summary>The id to save the preset under.</summary>
    public string? PresetId { get; set; }

    /// <summary>The values given for <paramref name="fields"/> (blank ones left out, as "not given").</summary>
    public ImmutableDictionary<string, string> CustomValues(ImmutableArray<CustomFieldSpec> fields) =>
        Custom.Where(input => input.Name is { } name && fields.Any(field => field.Name == name) && !string.IsNullOrWhiteSpace(input.Value))
            .GroupBy(input => input.Name!, StringComparer.Ordinal)
            .ToImmutableDictionary(group => group.Key, group => group.First().Value!.Trim(), StringComparer.Ordinal);

    /// <summary>The value posted (or filled in) for field <paramref name="name"/>.</summary>
    public string? ValueOf(string name) => Custom.FirstOrDefault(input => input.Name == name)?.Value;
}

/// <summary>One custom field of the form: its name (a hidden input) and the value typed.</summary>
public sealed class CustomFieldInput
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}
