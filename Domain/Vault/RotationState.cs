namespace Kagi.Domain.Vault;

/// <summary>Where an account's rotation stands. The pending password is kept, sealed, until the
/// target has proved it accepts it, so a crash at any step never loses the working password.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.Rotation")]
public sealed record RotationState
{
    public static RotationState Idle { get; } = new();

    [Id(0)] public RotationPhase Phase { get; init; }
    [Id(1)] public byte[]? PendingSecret { get; init; }
    [Id(2)] public DateTimeOffset? StartedAt { get; init; }
    [Id(3)] public int FailedAttempts { get; init; }
    [Id(4)] public DateTimeOffset? NextAttemptAt { get; init; }
    [Id(5)] public string? LastError { get; init; }
    [Id(6)] public DateTimeOffset? LastRotatedAt { get; init; }
    [Id(7)] public string? Trigger { get; init; }
}
