namespace Kagi.Identity;

[GenerateSerializer, Alias("kagi.state.Session")]
public sealed record SessionState
{
    [Id(0)] public SessionInfo? Session { get; init; }
    [Id(1)] public bool Ended { get; init; }
    [Id(2)] public DateTimeOffset LastSeen { get; init; }
}
