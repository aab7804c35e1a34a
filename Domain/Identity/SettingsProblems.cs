using System.Collections.Immutable;
using Kagi.Errors;

namespace Kagi.Domain.Identity;

/// <summary>
/// What is wrong with a settings section, field by field (the field named as in the API's body). The refusal
/// keeps its one sentence for readers of the API and carries the fields beside it, so the console can show
/// each problem next to its input, in the reader's language.
/// </summary>
public sealed class SettingsProblems
{
    private readonly List<(string Field, string Message)> _problems = [];

    public int Count => _problems.Count;

    public void Add(string field, string message) => _problems.Add((field, message));

    /// <summary>Refuses with every problem at once; <paramref name="lead"/> opens the sentence ("The lockout settings are invalid: ").</summary>
    public void ThrowIfAny(string lead)
    {
        if (_problems.Count == 0)
        {
            return;
        }

        var fields = _problems.GroupBy(problem => problem.Field, StringComparer.Ordinal)
            .ToImmutableDictionary(group => group.Key, group => string.Join("; ", group.Select(problem => problem.Message)), StringComparer.Ordinal);
        throw new KagiException(ProblemCode.Invalid, lead + string.Join("; ", _problems.Select(problem => problem.Message)) + ".", fields);
    }
}
