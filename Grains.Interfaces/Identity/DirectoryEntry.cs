using System.Collections.Immutable;

namespace Kagi.Identity;

/// <summary>
/// What the rest of Kagi may know about a user without asking their grain: who they are, their
/// roles and groups (approver sets), and where and in which language to tell them things.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.DirectoryEntry")]
public sealed record DirectoryEntry(
    [property: Id(0)] string Username,
    [property: Id(1)] ImmutableArray<string> Roles,
    [property: Id(2)] string? Email,
    [property: Id(3)] string Locale,
    [property: Id(4)] ImmutableArray<string> Groups,
    [property: Id(5)] bool Disabled)
{
    public const string DefaultLocale = "en";

    /// <summary>Whom this user lets approve in their name, and when.</summary>
    [Id(6)] public Kagi.Requests.Delegation? Delegation { get; init; }
}
