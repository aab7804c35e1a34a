using Kagi.Frontend.Problems;
using Microsoft.Extensions.Localization;

namespace Kagi.Frontend.Console;

/// <summary>A refusal told in the reader's language: one string per problem type, keyed by its slug.</summary>
public static class ConsoleProblems
{
    public static string Describe(IStringLocalizer<ConsoleText> text, ProblemType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(type);
        var specific = text["Problem." + type.Slug];
        return specific.ResourceNotFound ? text["Problem.other"] : specific;
    }
}
