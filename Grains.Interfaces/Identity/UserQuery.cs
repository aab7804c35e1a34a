namespace Kagi.Identity;

/// <summary>Which users a listing returns; every given filter must hold.</summary>
[GenerateSerializer, Immutable, Alias("kagi.UserQuery")]
public sealed record UserQuery
{
    public const string Active = "active";
    public const string Disabled = "disabled";

    [Id(0)] public string? Role { get; init; }

    [Id(1)] public string? Group { get; init; }

    /// <summary><see cref="Active"/> or <see cref="Disabled"/>.</summary>
    [Id(2)] public string? Status { get; init; }

    /// <summary>Usernames starting with this.</summary>
    [Id(3)] public string? NamePrefix { get; init; }
}
