using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>The languages Kagi writes to people in.</summary>
public static class UserLocales
{
    public const string English = "en";
    public const string Japanese = "ja";

    public static ImmutableArray<string> All { get; } = [English, Japanese];

    public static bool IsSupported(string? locale) => locale is English or Japanese;
}
