using System.Collections.Immutable;
using Kagi.Identity;

namespace Kagi.Domain.Identity;

/// <summary>
/// What a profile may hold (a bare mail address or none, <c>en</c>/<c>ja</c>, group names that are
/// identifiers, an IANA time zone) and who may change what: admins everything, a user their own email and locale.
/// </summary>
public static class ProfileRules
{
    public const int MaximumGroups = 50;

    /// <summary>The first problem with the values, or null.</summary>
    public static string? Problem(string? email, string? locale, ImmutableArray<string>? groups, string? timeZone = null) => (email, locale, groups) switch
    {
        _ when timeZone is not null && !UserTimeZones.IsValid(timeZone) => $"timeZone must be {UserTimeZones.Rule}.",
        ({ Length: > 0 } e, _, _) when !EmailAddresses.IsValid(e) => "email must be a mail address (name@domain).",
        (_, { } l, _) when !UserLocales.IsSupported(l) => $"locale must be one of: {string.Join(", ", UserLocales.All)}.",
        (_, _, { } g) when g.IsDefault || g.Length > MaximumGroups || g.Any(name => !Identifiers.IsValid(name)) =>
            $"groups must be at most {MaximumGroups} names, each {Identifiers.Rule}.",
        _ => null,
    };

    public static ImmutableArray<string> NormalizeGroups(ImmutableArray<string> groups) =>
        groups.IsDefault ? [] : [.. groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>True when a non-admin asks to change groups (sending the current ones again is no change).</summary>
    public static bool ChangesGroups(ImmutableArray<string>? requested, ImmutableArray<string> current) =>
        requested is { } groups && !NormalizeGroups(groups).SequenceEqual(current);
}
