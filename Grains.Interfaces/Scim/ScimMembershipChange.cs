using System.Collections.Immutable;

namespace Kagi.Scim;

/// <summary>
/// A change to a set of names (a user's groups, a group's members) as a PATCH's operations make it, kept in their
/// order: RFC 7644 3.5.2 applies operations one after the other, so "replace, then add" differs from "add, then replace".
/// </summary>
public sealed record ScimMembershipChange(ImmutableArray<ScimMembershipStep> Steps)
{
    public static ScimMembershipChange None { get; } = new(ImmutableArray<ScimMembershipStep>.Empty);

    public bool IsEmpty => Steps.IsDefaultOrEmpty;

    public ScimMembershipChange Then(ScimMembershipStep step) => new(Steps.IsDefault ? [step] : Steps.Add(step));

    /// <summary>The set after the steps, in ordinal order without repeats. Names compare exactly.</summary>
    public ImmutableArray<string> ApplyTo(IEnumerable<string> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var names = current.ToHashSet(StringComparer.Ordinal);
        foreach (var step in Steps.IsDefault ? [] : Steps)
        {
            switch (step.Kind)
            {
                case ScimMembershipStepKind.Replace:
                    names = step.Names.ToHashSet(StringComparer.Ordinal);
                    break;
                case ScimMembershipStepKind.Add:
                    names.UnionWith(step.Names);
                    break;
                case ScimMembershipStepKind.Remove:
                    names.ExceptWith(step.Names);
                    break;
            }
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every name the steps add or set, e.g. to check each exists before anything is changed.</summary>
    public IEnumerable<string> Named => (Steps.IsDefault ? [] : Steps).SelectMany(step => step.Names).Distinct(StringComparer.Ordinal);
}
