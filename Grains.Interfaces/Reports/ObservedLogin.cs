namespace Kagi.Reports;

/// <summary>A sign-in seen on a target system (from its own log), for reconciliation.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ObservedLogin")]
public sealed record ObservedLogin(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] string Username,
    [property: Id(2)] string? ClientHost,
    [property: Id(3)] string? Database,
    [property: Id(4)] string? Application)
{
    /// <summary>Matched one-to-one with a login Kagi noted making itself (SSH targets, whose log names no application).</summary>
    [Id(5)]
    public bool ByKagi { get; init; }
}
